import { execFile } from 'node:child_process';
import { cp, mkdir, readFile, readdir, realpath, rename, rm, symlink, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { createHash } from 'node:crypto';
import { ExitCode, KokoroError, messageOf } from '../util/errors';
import { isFile, withTempPath } from '../util/fs';
import { downloadFile, type DownloadOptions } from './fetch';
import { zipMember } from '../util/zip';
import { retargetVersionNeed } from './elf-version';

/**
 * A newer onnxruntime for kokoro-ts's sessions. onnxruntime-node on npm stops at 1.30, and every
 * release from 1.20 to 1.30 runs the published int8 model at about half the speed of Python's
 * onnxruntime 1.32 on the same machine (benchmarks/README.md: ConvInteger is the difference). The
 * onnxruntime wheel on PyPI carries the C library itself (libonnxruntime.so.1.32.0), and
 * onnxruntime-node's binding talks to the library only through the versioned C API, which newer
 * libraries keep serving. So an installed runtime is: onnxruntime-node's own JavaScript and binding
 * (copied from the bundled package, the binding's needed symbol version renamed to the library's),
 * the library from the pinned wheel (sha256-checked, wheel and library), in
 * FOLDER/node_modules/onnxruntime-node, with runtime.json naming what is inside. No Python is
 * involved, at install or at run time.
 */
export interface RuntimeRelease {
  /** onnxruntime release of the library. */
  readonly version: string;
  /** `${process.platform}-${process.arch}` -> where its library comes from. */
  readonly platforms: Readonly<Record<string, RuntimeFile>>;
}

export interface RuntimeFile {
  readonly wheel: string;
  readonly url: string;
  readonly sha256: string;
  /** The library's path inside the wheel, and its sha256. */
  readonly member: string;
  readonly memberSha256: string;
  /** The symbol version the library defines (what the binding is made to need). */
  readonly symbolVersion: string;
  /** Where onnxruntime-node keeps this platform's binding and library, under its package folder. */
  readonly bindingDir: string;
  /** The library's file name there (the binding's DT_NEEDED). */
  readonly libraryName: string;
}

export const RUNTIME_RELEASE: RuntimeRelease = {
  version: '1.32.0',
  platforms: {
    'linux-x64': {
      wheel: 'onnxruntime-1.32.0-cp311-cp311-manylinux_2_28_x86_64.whl',
      url: 'https://files.pythonhosted.org/packages/1d/46/e6f356c9539d2eed44126de3421a81e217da2ad91b22dc11b379cb1e384f/onnxruntime-1.32.0-cp311-cp311-manylinux_2_28_x86_64.whl',
      sha256: '5a34fc4dfeb5a7b4a74c95dcba1e773d722abda720b474edf1b0c419dc6d163d',
      member: 'onnxruntime/capi/libonnxruntime.so.1.32.0',
      memberSha256: '6c1585d1bbf45b0712ea4a21b705c5fcb4ba04ff2e30f1fbf81a49faf658638f',
      symbolVersion: 'VERS_1.32.0',
      bindingDir: 'bin/napi-v6/linux/x64',
      libraryName: 'libonnxruntime.so.1',
    },
  },
};

/** What runtime.json in an installed runtime folder says. */
export interface RuntimeManifest {
  readonly onnxruntime: string;
  /** The onnxruntime-node release whose JavaScript and binding are in the folder. */
  readonly onnxruntimeNode: string;
  readonly platform: string;
  readonly wheel: string;
  readonly wheelSha256: string;
  readonly librarySha256: string;
  readonly installed: string;
}

export const RUNTIME_MANIFEST = 'runtime.json';

export function runtimeFolderName(release: RuntimeRelease): string {
  return `onnxruntime-${release.version}`;
}

export async function readRuntimeManifest(dir: string): Promise<RuntimeManifest | null> {
  try {
    const m = JSON.parse(await readFile(join(dir, RUNTIME_MANIFEST), 'utf8')) as Partial<RuntimeManifest>;
    return typeof m.onnxruntime === 'string' && typeof m.onnxruntimeNode === 'string' ? (m as RuntimeManifest) : null;
  } catch {
    return null;
  }
}

/** The bundled onnxruntime-node package: its folder and release. */
export async function bundledOrtNode(): Promise<{ dir: string; version: string }> {
  const pkg = require.resolve('onnxruntime-node/package.json');
  return { dir: dirname(pkg), version: (JSON.parse(await readFile(pkg, 'utf8')) as { version: string }).version };
}

/**
 * Installed runtimes usable with the bundled onnxruntime-node (same release in runtime.json) in
 * `dirs` (each a runtimes/ folder), newest library first.
 */
export async function installedRuntimes(dirs: readonly string[], bundledVersion: string): Promise<{ dir: string; manifest: RuntimeManifest }[]> {
  const out: { dir: string; manifest: RuntimeManifest }[] = [];
  for (const d of dirs) {
    const names = await readdir(d).catch(() => [] as string[]);
    for (const n of names.filter((x) => x.startsWith('onnxruntime-')).sort()) {
      const manifest = await readRuntimeManifest(join(d, n));
      if (manifest && manifest.onnxruntimeNode === bundledVersion && manifest.platform === `${process.platform}-${process.arch}`) out.push({ dir: join(d, n), manifest });
    }
  }
  const key = (v: string): number[] => v.split('.').map(Number);
  return out.sort((a, b) => {
    const [x, y] = [key(a.manifest.onnxruntime), key(b.manifest.onnxruntime)];
    for (let i = 0; i < 3; i++) if (x[i] !== y[i]) return (y[i] ?? 0) - (x[i] ?? 0);
    return 0;
  });
}

export interface InstallRuntimeOptions {
  /** The runtimes/ folder to install into. */
  readonly dir: string;
  readonly release?: RuntimeRelease;
  /** `${platform}-${arch}`; default this machine's. */
  readonly platform?: string;
  /** Fetch the wheel from this base URL + its file name instead of its PyPI address (mirrors, tests). */
  readonly from?: string;
  readonly download: DownloadOptions;
  /** The onnxruntime-node package to take JavaScript and binding from; default the bundled one. */
  readonly ortNode?: { dir: string; version: string };
  readonly onNotice?: (m: string) => void;
}

export interface InstalledRuntime {
  readonly dir: string;
  readonly manifest: RuntimeManifest;
  /** Already there (same release, same onnxruntime-node) and not forced. */
  readonly skipped: boolean;
}

/** The package folder a resolved module file belongs to (the nearest folder above it with a package.json that has a name). */
async function packageDirOf(file: string): Promise<string> {
  for (let d = dirname(await realpath(file)); d !== dirname(d); d = dirname(d)) {
    const pkg = await readFile(join(d, 'package.json'), 'utf8').catch(() => null);
    if (pkg !== null && typeof (JSON.parse(pkg) as { name?: unknown }).name === 'string') return d;
  }
  throw new Error(`no package folder above ${file}`);
}

const sha256 = (b: Uint8Array): string => createHash('sha256').update(b).digest('hex');

/** Loads the assembled package in a fresh Node process: the binding must link against the new library. */
function checkLoads(folder: string): Promise<void> {
  return new Promise((ok, fail) => {
    const code = `const o = require(${JSON.stringify(join(folder, 'node_modules', 'onnxruntime-node'))}); if (typeof o.InferenceSession?.create !== 'function') throw new Error('no InferenceSession in the package');`;
    execFile(process.execPath, ['-e', code], { timeout: 60_000 }, (e, _out, stderr) => (e ? fail(new Error(stderr.trim().split('\n').find((l) => /Error/.test(l)) ?? e.message)) : ok()));
  });
}

export async function installRuntime(o: InstallRuntimeOptions): Promise<InstalledRuntime> {
  const release = o.release ?? RUNTIME_RELEASE;
  const platform = o.platform ?? `${process.platform}-${process.arch}`;
  const file = release.platforms[platform];
  if (!file) {
    throw new KokoroError('runtime', `no onnxruntime ${release.version} library for ${platform} (there is one for ${Object.keys(release.platforms).join(', ')})`, 'the bundled onnxruntime-node works everywhere: nothing to install', ExitCode.Failure);
  }
  const ortNode = o.ortNode ?? (await bundledOrtNode());
  const target = join(o.dir, runtimeFolderName(release));
  const present = await readRuntimeManifest(target);
  if (present && !o.download.force && present.onnxruntimeNode === ortNode.version && present.librarySha256 === file.memberSha256) {
    return { dir: target, manifest: present, skipped: true };
  }
  await mkdir(o.dir, { recursive: true });
  const wheelPath = join(o.dir, file.wheel);
  const url = o.from ? `${o.from.replace(/\/$/, '')}/${file.wheel}` : file.url;
  await downloadFile({ url, target: wheelPath, sha256: file.sha256, byHand: `download ${file.url} into ${o.dir} and run this again` }, o.download);
  let library: Buffer;
  try {
    library = zipMember(await readFile(wheelPath), file.member);
  } catch (e) {
    throw new KokoroError('download', `${file.wheel}: ${messageOf(e)}`, undefined, ExitCode.Failure, { cause: e });
  }
  if (sha256(library) !== file.memberSha256) throw new KokoroError('download', `${file.member} in ${file.wheel} does not match its pinned sha256`, undefined, ExitCode.Failure);
  return withTempPath(target, async (staging) => {
    const pkg = join(staging, 'node_modules', 'onnxruntime-node');
    await mkdir(join(pkg, file.bindingDir), { recursive: true });
    for (const f of ['package.json', 'LICENSE', 'README.md']) {
      if (await isFile(join(ortNode.dir, f))) await cp(join(ortNode.dir, f), join(pkg, f));
    }
    await cp(join(ortNode.dir, 'dist'), join(pkg, 'dist'), { recursive: true });
    const binding = await readFile(join(ortNode.dir, file.bindingDir, 'onnxruntime_binding.node'));
    let patched: Buffer;
    try {
      patched = retargetVersionNeed(binding, file.libraryName, file.symbolVersion).patched;
    } catch (e) {
      throw new KokoroError('runtime', `onnxruntime-node ${ortNode.version}'s binding cannot be pointed at onnxruntime ${release.version}: ${messageOf(e)}`, undefined, ExitCode.Failure, { cause: e });
    }
    await writeFile(join(pkg, file.bindingDir, 'onnxruntime_binding.node'), patched);
    await writeFile(join(pkg, file.bindingDir, file.libraryName), library);
    // The JavaScript half (Tensor, the backend registry) stays the bundled one: one module instance.
    await symlink(await packageDirOf(require.resolve('onnxruntime-common', { paths: [ortNode.dir] })), join(staging, 'node_modules', 'onnxruntime-common'), 'dir');
    const manifest: RuntimeManifest = {
      onnxruntime: release.version, onnxruntimeNode: ortNode.version, platform, wheel: file.wheel, wheelSha256: file.sha256, librarySha256: file.memberSha256, installed: new Date().toISOString(),
    };
    await writeFile(join(staging, RUNTIME_MANIFEST), `${JSON.stringify(manifest, null, 2)}\n`);
    try {
      await checkLoads(staging);
    } catch (e) {
      throw new KokoroError('runtime', `the assembled runtime does not load: ${messageOf(e)}`, 'the bundled onnxruntime-node keeps working (--runtime bundled)', ExitCode.Failure, { cause: e });
    }
    await rm(target, { recursive: true, force: true });
    await rename(staging, target);
    await rm(wheelPath, { force: true });
    return { dir: target, manifest, skipped: false };
  });
}
