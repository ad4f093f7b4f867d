import type { InstalledModel } from '../download/installed';
import type { Layer } from '../config/resolve';

/** A folder or file, and why that one ("the working folder", "KOKORO_HOME"). */
export type DirWhy = { readonly dir: string; readonly why: string };
export type PathWhy = { readonly path: string; readonly why: string };

/** `kokoro-ts models` (its --json as is): where it looked, in order, the default model and the files. */
export interface ModelsListing {
  readonly dataFolder: DirWhy;
  readonly lookedIn: readonly DirWhy[];
  readonly inUse: PathWhy | null;
  readonly models: readonly (InstalledModel & { readonly foundIn: string | null })[];
}

/** `kokoro-ts config` (its --json as is): the files in use, and each setting (in the keys' order) with its source. */
export interface ConfigListing {
  readonly overrideFile: string;
  readonly files: { readonly dataFolder: PathWhy; readonly model: PathWhy | null; readonly voicesDir: PathWhy; readonly runtime: PathWhy };
  readonly settings: Readonly<Record<string, { readonly value: unknown; readonly source: Layer; readonly detail: string }>>;
}

/** `kokoro-ts voices` (its --json as is): the voice packs, installed or downloadable. */
export interface VoicesListing {
  readonly dir: string;
  readonly voices: readonly { readonly name: string; readonly language: string; readonly gender: string; readonly installed: boolean; readonly downloadable: boolean }[];
}
