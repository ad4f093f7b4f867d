import { basename } from 'node:path';
import type { CaseResult, Environment } from '../bench/types';
import type { TrialSettings } from './space';

export const TUNE_SCHEMA_VERSION = 1;

export interface TuneTrial {
  readonly settings: TrialSettings;
  readonly current: boolean;
  readonly result: CaseResult;
  readonly before: ThermalReading;
  readonly after: ThermalReading;
  readonly cooldownMs: number;
  readonly hot: boolean;
}

/** Everything a tune run measured and decided: plain data, rendered by the reporters. */
export interface TuneReport {
  readonly schemaVersion: number;
  readonly tool: 'kokoro-ts tune';
  readonly environment: Environment;
  readonly case: { readonly name: string; readonly text: string };
  readonly iterations: number;
  readonly warmup: number;
  readonly guard: { readonly maxTempC: number; readonly cooldownTempC: number; readonly cooldownTimeoutS: number };
  readonly temperature: 'available' | 'unavailable';
  readonly planned: number;
  readonly trials: TuneTrial[];
  /** Index into trials, or null when nothing was measured. */
  readonly winner: number | null;
  /** Trials within noise of the best. */
  readonly tied: number[];
  /** Winner vs the current settings: current median / winner median - 1. */
  readonly gainOverCurrent: number | null;
  readonly interrupted: boolean;
  readonly override: { readonly path: string; readonly written: boolean; readonly reason: string };
}

/** CPU temperature and load, as far as the machine tells: null where it has no sensor. */
export interface ThermalReading {
  /** Package / main temperature, °C. */
  readonly mainC: number | null;
  /** Hottest core, °C. */
  readonly maxC: number | null;
  /** Current CPU load, percent. */
  readonly loadPct: number | null;
}

/** The temperature the guard acts on: the hottest reading there is. */
export function hottest(r: ThermalReading): number | null {
  const v = [r.mainC, r.maxC].filter((x): x is number => x !== null && Number.isFinite(x));
  return v.length ? Math.max(...v) : null;
}

/** A trial in words: "kokoro.onnx, intra 2, sequential, chunks of 300, 2 sessions". */
export function describeTrial(t: TrialSettings): string {
  const intra = t.intraOpNumThreads === 0 ? 'auto' : String(t.intraOpNumThreads);
  const threads = t.executionMode === 'sequential' ? `intra ${intra}, sequential` : `intra ${intra}, parallel, inter ${t.interOpNumThreads}`;
  const model = t.modelPath !== undefined ? `${basename(t.modelPath)}, ` : '';
  const chunk = t.maxChunkTokens !== undefined ? `, chunks of ${t.maxChunkTokens}` : '';
  const sessions = t.sessions !== undefined ? `, ${t.sessions} session${t.sessions === 1 ? '' : 's'}` : '';
  const rewrites = t.rewrites !== undefined ? `, rewrites ${t.rewrites}` : '';
  return `${model}${threads}${chunk}${sessions}${rewrites}`;
}
