#!/usr/bin/env bash
# Installs the pinned peers for benchmarks/peers/, from PyPI and the npm registry only:
#   kokoro-onnx 0.6.1 (Python) in a venv at .cache/peers/kokoro-onnx/venv
#   kokoro-js 1.2.1 (npm) in .cache/peers/kokoro-js (install scripts skipped: onnxruntime-node's
#   postinstall would fetch optional CUDA files; the CPU binaries are in the npm tarball)
# Idempotent: an installed peer is left alone.  Usage: bash benchmarks/peers/setup.sh
set -euo pipefail
cd "$(dirname "$0")/../.."
KOKORO_ONNX_VERSION=0.6.1
KOKORO_JS_VERSION=1.2.1
PYTHON=${PYTHON:-python3}

py=.cache/peers/kokoro-onnx
if [ -x "$py/venv/bin/python" ] && "$py/venv/bin/python" -c "import kokoro_onnx" 2>/dev/null; then
  echo "kokoro-onnx: installed"
else
  mkdir -p "$py"
  "$PYTHON" -m venv "$py/venv"
  "$py/venv/bin/pip" install --quiet --disable-pip-version-check "kokoro-onnx==$KOKORO_ONNX_VERSION"
  echo "kokoro-onnx: installed"
fi
"$py/venv/bin/python" -c "import importlib.metadata as m; print('  kokoro-onnx', m.version('kokoro-onnx'), 'onnxruntime', m.version('onnxruntime'))"

js=.cache/peers/kokoro-js
if [ -f "$js/node_modules/kokoro-js/package.json" ]; then
  echo "kokoro-js: installed"
else
  mkdir -p "$js"
  echo '{"name": "kokoro-js-peer", "private": true}' > "$js/package.json"
  (cd "$js" && ONNXRUNTIME_NODE_INSTALL=skip npm install --no-audit --no-fund --ignore-scripts --silent "kokoro-js@$KOKORO_JS_VERSION")
  echo "kokoro-js: installed"
fi
for p in kokoro-js @huggingface/transformers onnxruntime-node; do
  node -p "'  $p ' + require('./$js/node_modules/$p/package.json').version"
done
