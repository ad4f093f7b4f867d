/**
 * The peers' derived input files, built from the model file and voice pack we benchmark, under
 * .cache/peers/ (never committed):
 * - kokoro-js: a Hugging Face folder (hf-layout.ts) whose onnx/model.onnx is a copy of the model
 *   with its I/O renamed to input_ids/waveform; and the voice pack kokoro-js reads in Node
 *   (node_modules/kokoro-js/voices/NAME.bin, next to its dist/) made byte-identical to ours.
 * - kokoro-onnx: its voices file (an .npz of NAME -> float32 [510, 1, 256], what Kokoro loads with
 *   numpy.load), written by make_voices.py in the peer's venv.
 * - sherpa-onnx: its Kokoro folder (sherpa-model.ts): model.onnx with sherpa's metadata, voices.bin
 *   of every pack in the voices folder (name order; the benchmarked voice's position is its sid),
 *   tokens.txt, and the espeak-ng-data setup.sh unpacked beside it.
 */
import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { onnx } from 'onnx-proto';
import { listVoiceNames } from '../../src/engine/voices';
import { VOCAB } from '../../src/text/vocab';
import { atomicWriteFile, sha256File } from '../../src/util/fs';
import { HF_CONFIG, HF_TOKENIZER_CONFIG, KOKORO_JS_IO, renameGraphIO, tokenizerJson } from './hf-layout';
import { setMetadata, sherpaMetadata, tokensTxt, voicesBin } from './sherpa-model';

export interface PeerPaths {
  readonly root: string;
  readonly kokoroJsDir: string;
  readonly kokoroOnnxDir: string;
  readonly python: string;
  readonly sherpaDir: string;
}

/** `peersDir` is where setup.sh installed the peers (.cache/peers unless KOKORO_PEERS_DIR says otherwise). */
export function peerPaths(root: string, peersDir: string): PeerPaths {
  const kokoroOnnxDir = join(peersDir, 'kokoro-onnx');
  return { root, kokoroJsDir: join(peersDir, 'kokoro-js'), kokoroOnnxDir, python: join(kokoroOnnxDir, 'venv', 'bin', 'python'), sherpaDir: join(peersDir, 'sherpa-onnx') };
}

export interface KokoroJsModel {
  /** The Hugging Face folder (model id = its path). */
  readonly dir: string;
  readonly renamed: string[];
  /** kokoro-js's bundled pack for the voice differed from ours and was replaced. */
  readonly voiceReplaced: boolean;
}

/** Builds (once per model content) the folder kokoro-js loads the model from. */
export async function prepareKokoroJs(p: PeerPaths, modelPath: string, voicesDir: string, voice: string): Promise<KokoroJsModel> {
  const sha = await sha256File(modelPath);
  const dir = join(p.kokoroJsDir, 'models', `${basename(modelPath, '.onnx')}-${sha.slice(0, 12)}`);
  const graph = join(dir, 'onnx', 'model.onnx');
  const stamp = join(dir, 'renamed.json');
  let renamed: string[];
  if (existsSync(graph) && existsSync(stamp)) {
    renamed = JSON.parse(readFileSync(stamp, 'utf8')) as string[];
  } else {
    mkdirSync(join(dir, 'onnx'), { recursive: true });
    const model = onnx.ModelProto.decode(readFileSync(modelPath));
    renamed = renameGraphIO(model, KOKORO_JS_IO);
    writeFileSync(`${graph}.tmp`, onnx.ModelProto.encode(model).finish());
    renameSync(`${graph}.tmp`, graph);
    writeFileSync(stamp, JSON.stringify(renamed));
  }
  writeFileSync(join(dir, 'config.json'), JSON.stringify(HF_CONFIG, null, 2));
  writeFileSync(join(dir, 'tokenizer_config.json'), JSON.stringify(HF_TOKENIZER_CONFIG, null, 2));
  writeFileSync(join(dir, 'tokenizer.json'), JSON.stringify(tokenizerJson(VOCAB)));
  const pack = join(voicesDir, `${voice}.bin`);
  mkdirSync(join(dir, 'voices'), { recursive: true });
  copyFileSync(pack, join(dir, 'voices', `${voice}.bin`));
  const bundled = join(p.kokoroJsDir, 'node_modules', 'kokoro-js', 'voices', `${voice}.bin`);
  const same = existsSync(bundled) && readFileSync(bundled).equals(readFileSync(pack));
  if (!same) copyFileSync(pack, bundled);
  return { dir, renamed, voiceReplaced: !same };
}

/** Writes kokoro-onnx's voices file for the voice from our pack; returns its path. */
export function prepareKokoroOnnxVoices(p: PeerPaths, voicesDir: string, voice: string): string {
  const out = join(p.kokoroOnnxDir, `voices-${voice}.npz`);
  execFileSync(p.python, [join(p.root, 'benchmarks', 'peers', 'make_voices.py'), out, join(voicesDir, `${voice}.bin`)], { stdio: ['ignore', 'ignore', 'inherit'] });
  return out;
}

export interface SherpaModel {
  /** The folder with model.onnx, voices.bin, tokens.txt. */
  readonly dir: string;
  readonly dataDir: string;
  /** Voice names in speaker order. */
  readonly speakers: string[];
  /** The benchmarked voice's speaker id. */
  readonly sid: number;
}

/** Builds (once per model content) sherpa-onnx's Kokoro folder; voices.bin and tokens.txt every time (cheap). */
export async function prepareSherpaOnnx(p: PeerPaths, modelPath: string, voicesDir: string, voice: string): Promise<SherpaModel> {
  const dataDir = join(p.sherpaDir, 'espeak-ng-data');
  if (!existsSync(join(dataDir, 'phontab'))) throw new Error(`no espeak-ng-data at ${dataDir}: run bash benchmarks/peers/setup.sh`);
  const speakers = await listVoiceNames(voicesDir);
  const sid = speakers.indexOf(voice);
  if (sid < 0) throw new Error(`no voice ${voice} in ${voicesDir}`);
  const sha = await sha256File(modelPath);
  const dir = join(p.sherpaDir, 'models', `${basename(modelPath, '.onnx')}-${sha.slice(0, 12)}`);
  mkdirSync(dir, { recursive: true });
  const graph = join(dir, 'model.onnx');
  const meta = sherpaMetadata(speakers);
  const stamp = join(dir, 'metadata.json');
  if (!existsSync(graph) || !existsSync(stamp) || readFileSync(stamp, 'utf8') !== JSON.stringify(meta)) {
    const model = onnx.ModelProto.decode(readFileSync(modelPath));
    setMetadata(model, meta);
    await atomicWriteFile(graph, onnx.ModelProto.encode(model).finish());
    await atomicWriteFile(stamp, JSON.stringify(meta));
  }
  await atomicWriteFile(join(dir, 'voices.bin'), voicesBin(speakers.map((s) => readFileSync(join(voicesDir, `${s}.bin`)))));
  await atomicWriteFile(join(dir, 'tokens.txt'), tokensTxt(VOCAB));
  return { dir, dataDir, speakers, sid };
}
