"""kokoro-onnx as a peer-benchmark driver (runs in its venv, .cache/peers/kokoro-onnx/venv).

Warm: loads Kokoro once on an onnxruntime session with the given intra-op thread count
(Kokoro.from_session: kokoro-onnx's own create_session takes no thread setting), prints a Ready
line, then answers each request line {"case", "text"} on stdin with one measurement line
(benchmarks/peers/protocol.ts): Kokoro.create() (its default trim and pauses, lang en-us) timed,
then the same session.run calls on the same inputs, recorded from that create(), through the bare
session (kokoro-onnx exposes it as .sess).
    python kokoro_onnx_driver.py --model M --voices V.npz --voice af_heart --threads T
Cold: load, speak the text once to a WAV file, exit (the caller times the whole process).
    python kokoro_onnx_driver.py --cold --model M --voices V.npz --voice af_heart --threads T --text "Hello world!" --out OUT.wav
"""

import argparse
import json
import resource
import sys
import time

T0 = time.perf_counter()

import importlib.metadata as metadata  # noqa: E402

import numpy as np  # noqa: E402
import onnxruntime as rt  # noqa: E402
from kokoro_onnx import Kokoro  # noqa: E402


class RecordingSession:
    """The onnxruntime session, with every run()'s inputs kept so they can be replayed bare."""

    def __init__(self, sess: rt.InferenceSession):
        self.sess = sess
        self.feeds: list[dict] = []

    def run(self, output_names, feeds, *args, **kwargs):
        self.feeds.append(feeds)
        return self.sess.run(output_names, feeds, *args, **kwargs)

    def __getattr__(self, name):
        return getattr(self.sess, name)


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


def load(args) -> tuple[Kokoro, RecordingSession]:
    opts = rt.SessionOptions()
    opts.intra_op_num_threads = args.threads
    sess = rt.InferenceSession(args.model, sess_options=opts, providers=["CPUExecutionProvider"])
    kokoro = Kokoro.from_session(sess, args.voices)
    recorder = RecordingSession(sess)
    kokoro.sess = recorder
    return kokoro, recorder


def write_wav(path: str, audio: np.ndarray, rate: int) -> None:
    import wave

    pcm = (np.clip(audio, -1.0, 1.0) * 32767).astype("<i2")
    with wave.open(path, "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(rate)
        w.writeframes(pcm.tobytes())


def measure(kokoro: Kokoro, recorder: RecordingSession, voice: str, case: str, text: str) -> dict:
    recorder.feeds = []
    t0 = time.perf_counter()
    audio, rate = kokoro.create(text, voice=voice, speed=1.0, lang="en-us")
    wall = (time.perf_counter() - t0) * 1000
    feeds = recorder.feeds
    t1 = time.perf_counter()
    for f in feeds:
        recorder.sess.run(None, f)
    bare = (time.perf_counter() - t1) * 1000
    calls = [int(np.asarray(f[kokoro._tokens_input]).shape[-1]) for f in feeds]
    return {
        "tool": "kokoro-onnx", "case": case, "wallMs": wall, "bareModelMs": bare,
        "audioSeconds": len(audio) / rate, "calls": calls, "peakRssMb": peak_rss_mb(),
    }


def main() -> None:
    p = argparse.ArgumentParser()
    p.add_argument("--model", required=True)
    p.add_argument("--voices", required=True)
    p.add_argument("--voice", default="af_heart")
    p.add_argument("--threads", type=int, required=True)
    p.add_argument("--cold", action="store_true")
    p.add_argument("--text")
    p.add_argument("--out")
    args = p.parse_args()
    kokoro, recorder = load(args)
    if args.cold:
        audio, rate = kokoro.create(args.text, voice=args.voice, speed=1.0, lang="en-us")
        write_wav(args.out, audio, rate)
        return
    versions = {"kokoro-onnx": metadata.version("kokoro-onnx"), "onnxruntime": rt.__version__, "python": sys.version.split()[0]}
    ready = {"ready": True, "tool": "kokoro-onnx", "versions": versions, "loadMs": (time.perf_counter() - T0) * 1000}
    print(json.dumps(ready), flush=True)
    for line in sys.stdin:
        if not line.strip():
            continue
        req = json.loads(line)
        print(json.dumps(measure(kokoro, recorder, args.voice, req["case"], req["text"])), flush=True)


if __name__ == "__main__":
    main()
