#!/usr/bin/env bash
# The peer benchmark in one command (not in CI: it takes long and must run on a quiet machine):
# installs the pinned peers if needed (setup.sh), builds kokoro-ts, then runs run.ts with the
# given flags.   bash benchmarks/peers/run.sh --model models/kokoro-v1.0.int8.onnx --runs 5
set -euo pipefail
cd "$(dirname "$0")/../.."
bash benchmarks/peers/setup.sh >&2
npm run --silent build >&2
exec node dist/benchmarks/peers/run.js "$@"
