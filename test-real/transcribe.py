"""Transcribes WAV files with faster-whisper; prints {"path": "text"} as JSON. Used by the real-model tier."""
import json
import sys

from faster_whisper import WhisperModel

model = WhisperModel(sys.argv[1], device="cpu", compute_type="int8", cpu_threads=2)
out = {}
for path in sys.argv[2:]:
    segments, _ = model.transcribe(path, language="en", beam_size=5, condition_on_previous_text=False)
    out[path] = " ".join(s.text.strip() for s in segments)
print(json.dumps(out))
