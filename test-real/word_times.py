"""Word timestamps from faster-whisper (word_timestamps=True) for WAV files; prints
{"path": [{"word": str, "start": float, "end": float}, ...]} as JSON. Used by the real-model tier
to check kokoro-ts's word timings against an independent aligner."""
import json
import sys

from faster_whisper import WhisperModel

model = WhisperModel(sys.argv[1], device="cpu", compute_type="int8", cpu_threads=2)
out = {}
for path in sys.argv[2:]:
    segments, _ = model.transcribe(path, language="en", beam_size=5, condition_on_previous_text=False, word_timestamps=True)
    out[path] = [{"word": w.word.strip(), "start": w.start, "end": w.end} for s in segments for w in (s.words or [])]
print(json.dumps(out))
