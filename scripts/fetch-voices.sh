#!/usr/bin/env bash
# Fetches all 54 Kokoro v1.0 voice packs for the real-model tier from the npm registry the user's npm
# is configured for (the kokoro-js@1.2.1 tarball: its integrity, then each pack's pinned sha256),
# into .cache/voices (ignored by git; the real-tier language tests read it via KOKORO_REAL_VOICES).
# Idempotent: packs already present with their pinned sha256 are kept and nothing is fetched.
# Exit 3 when the registry cannot be reached, so callers can skip with a notice.
set -euo pipefail
cd "$(dirname "$0")/.."
DIR=${KOKORO_REAL_VOICES:-.cache/voices}
[ -f dist/src/cli/main.js ] || npm run --silent build
exec ./bin/kokoro-ts download --source npm --voices all --voices-dir "$DIR" "$@"
