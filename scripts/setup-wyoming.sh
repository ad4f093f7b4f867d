#!/usr/bin/env bash
# The Wyoming protocol's own Python client (the `wyoming` package from PyPI, pinned by version and
# sha256) in a venv under .cache/wyoming, for the tests that talk to `serve --wyoming` as Home
# Assistant would (test/wyoming.test.ts). Idempotent and quick: one small wheel, no dependencies.
# Exit 3 when Python or PyPI cannot be reached.
set -euo pipefail
cd "$(dirname "$0")/.."
DIR=.cache/wyoming
PY=${PYTHON:-python3}
if [ -x "$DIR/venv/bin/python" ] && "$DIR/venv/bin/python" -c 'import wyoming.client' 2>/dev/null; then
  echo "wyoming: ready ($DIR)"; exit 0
fi
command -v "$PY" >/dev/null || { echo "wyoming: $PY not found" >&2; exit 3; }
mkdir -p "$DIR"
[ -x "$DIR/venv/bin/python" ] || "$PY" -m venv "$DIR/venv" || exit 3
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
echo 'wyoming==1.10.2 --hash=sha256:08aec17ccad4d72fc3f919ab741beacf3f23a1df24c8b9a317ebc6e02d2b227c' > "$work/req.txt"
"$DIR/venv/bin/pip" install -q --disable-pip-version-check --no-deps --require-hashes -r "$work/req.txt" 2> >(grep -v '^WARNING: Location' >&2) || exit 3
echo "wyoming: installed ($DIR)"
