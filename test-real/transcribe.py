"""Transcribes WAV files with faster-whisper; prints {"path": "text"} as JSON. Used by the real-model tier.

Usage: transcribe.py MODEL_DIR [--language=CODE] WAV... (language: a Whisper code, default en).
"""
import json
import sys

from faster_whisper import WhisperModel

args = sys.argv[2:]
language = "en"
if args and args[0].startswith("--language="):
    language = args.pop(0).split("=", 1)[1]
model = WhisperModel(sys.argv[1], device="cpu", compute_type="int8", cpu_threads=2)
out = {}
for path in args:
    segments, _ = model.transcribe(path, language=language, beam_size=5, condition_on_previous_text=False)
    out[path] = " ".join(s.text.strip() for s in segments)
print(json.dumps(out))
