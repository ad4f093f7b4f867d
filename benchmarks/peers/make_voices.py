"""Builds kokoro-onnx's voices file from kokoro-ts voice packs.

kokoro-onnx 0.6.x loads its voices with numpy.load(voices_path) and indexes it by voice name, then
takes row n - 1 for n phonemes as the style input [1, 256]: an .npz of NAME -> float32 [510, 1, 256].
Our packs (NAME.bin) are the same 510 x 256 float32 values, raw little-endian.

    python make_voices.py OUT.npz PACK.bin [PACK.bin ...]
"""

import os
import sys

import numpy as np

ROWS, DIM = 510, 256


def main() -> None:
    out, packs = sys.argv[1], sys.argv[2:]
    if not packs:
        sys.exit("usage: make_voices.py OUT.npz PACK.bin [PACK.bin ...]")
    voices = {}
    for path in packs:
        data = np.fromfile(path, dtype="<f4")
        if data.size != ROWS * DIM:
            sys.exit(f"{path}: {data.size} floats, expected {ROWS * DIM}")
        voices[os.path.basename(path).removesuffix(".bin")] = data.reshape(ROWS, 1, DIM)
    tmp = out + ".tmp.npz"
    np.savez(tmp, **voices)
    os.replace(tmp, out)


if __name__ == "__main__":
    main()
