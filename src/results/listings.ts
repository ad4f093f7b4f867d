import type { InstalledModel } from '../download/installed';
import type { Layer } from '../config/resolve';

/** A folder, and why that one ("the working folder", "KOKORO_HOME"). */
export interface PlaceWhy {
  readonly dir: string;
  readonly why: string;
}

/** A file or folder found, and how. */
export interface PathWhy {
  readonly path: string;
  readonly why: string;
}

/** `kokoro-ts models`: the installed model files (its --json as is). */
export interface ModelsListing {
  readonly dataFolder: PlaceWhy;
  /** In the order searched. */
  readonly lookedIn: readonly PlaceWhy[];
  readonly inUse: PathWhy | null;
  readonly models: readonly (InstalledModel & { readonly foundIn: string | null })[];
}

/** `kokoro-ts config`: the effective settings and where each comes from (its --json as is). */
export interface ConfigListing {
  readonly overrideFile: string;
  readonly files: { readonly dataFolder: PathWhy; readonly model: PathWhy | null; readonly voicesDir: PathWhy; readonly runtime: PathWhy };
  /** By key, in the keys' order. */
  readonly settings: Readonly<Record<string, { readonly value: unknown; readonly source: Layer; readonly detail: string }>>;
}

/** `kokoro-ts voices`: one voice pack, installed or downloadable. */
export interface VoiceRow {
  readonly name: string;
  readonly language: string;
  readonly gender: string;
  readonly installed: boolean;
  readonly downloadable: boolean;
}

/** `kokoro-ts voices` (its --json as is). */
export interface VoicesListing {
  readonly dir: string;
  readonly voices: readonly VoiceRow[];
}
