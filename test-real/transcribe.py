"""Transcribes WAV files with faster-whisper; prints {"path": "text"} as JSON. Used by the real-model tier.

  transcribe.py MODEL_DIR [--language CODE] WAV...   (default language: en)
"""
import json
import sys

from faster_whisper import WhisperModel

model = WhisperModel(sys.argv[1], device="cpu", compute_type="int8", cpu_threads=2)
args = sys.argv[2:]
language = "en"
if args[:1] == ["--language"]:
    language, args = args[1], args[2:]
out = {}
for path in args:
    segments, _ = model.transcribe(path, language=language, beam_size=5, condition_on_previous_text=False)
    out[path] = " ".join(s.text.strip() for s in segments)
print(json.dumps(out))
