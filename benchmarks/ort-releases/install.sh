#!/usr/bin/env bash
# Installs onnxruntime-node releases side by side under .cache/ort/VERSION for
# benchmarks/ort-releases/run.ts, from the npm registry only (install scripts skipped: they would
# fetch optional CUDA files; the CPU binaries are in the npm tarball).
#   bash benchmarks/ort-releases/install.sh 1.20.1 1.21.0 1.23.2 1.30.0
set -euo pipefail
cd "$(dirname "$0")/../.."
for v in "$@"; do
  d=.cache/ort/$v
  [ -f "$d/node_modules/onnxruntime-node/package.json" ] && { echo "$v: installed"; continue; }
  mkdir -p "$d"
  echo "{\"name\": \"ort-$v\", \"private\": true}" > "$d/package.json"
  (cd "$d" && ONNXRUNTIME_NODE_INSTALL=skip npm install --no-audit --no-fund --ignore-scripts --silent "onnxruntime-node@$v")
  echo "$v: installed"
done
