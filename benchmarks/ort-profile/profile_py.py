"""Python onnxruntime's profile of bare session.run for benchmarks/ort-profile (see profile.ts).

    python profile_py.py MODEL THREADS RUNS INPUTS.json OUT_PREFIX
Opens MODEL as profile-node.ts does (intra THREADS, inter 1, sequential, all graph optimizations),
one warm-up pass over the inputs, then profiling on for RUNS passes; prints the trace file's path
and the median ms per pass as one JSON line.
"""
import json
import statistics
import sys
import time

import numpy as np
import onnxruntime as ort


def main() -> None:
    model, threads, runs, inputs_path, prefix = sys.argv[1:6]
    inputs = json.load(open(inputs_path))

    def session(profile: bool) -> ort.InferenceSession:
        o = ort.SessionOptions()
        o.intra_op_num_threads = int(threads)
        o.inter_op_num_threads = 1
        o.execution_mode = ort.ExecutionMode.ORT_SEQUENTIAL
        o.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
        if profile:
            o.enable_profiling = True
            o.profile_file_prefix = prefix
        return ort.InferenceSession(model, o, providers=["CPUExecutionProvider"])

    s = session(True)
    names = [i.name for i in s.get_inputs()]
    ids_name = next((n for n in names if n in ("input_ids", "tokens")), names[0])
    feeds = []
    for x in inputs:
        f = {ids_name: np.array([x["ids"]], dtype=np.int64), "style": np.array([x["style"]], dtype=np.float32)}
        if "speed" in names:
            f["speed"] = np.array([1.0], dtype=np.float32)
        feeds.append(f)
    for f in feeds:
        s.run(None, f)
    pass_ms = []
    for _ in range(int(runs)):
        t0 = time.perf_counter()
        for f in feeds:
            s.run(None, f)
        pass_ms.append((time.perf_counter() - t0) * 1000)
    path = s.end_profiling()
    print(json.dumps({"version": ort.__version__, "trace": path, "medianPassMs": statistics.median(pass_ms), "warmupCalls": len(feeds)}))


if __name__ == "__main__":
    main()
