import type { Summary } from './stats';
import type { SessionSettings } from '../engine';

export const SCHEMA_VERSION = 1;

export type SettingSource = 'default' | 'override' | 'env' | 'flag';

export interface Environment {
  readonly cpu: { readonly brand: string; /** vendor family/model/stepping: tells CPU generations apart when the brand string does not ("AMD EPYC"). */ readonly id?: string; readonly physicalCores: number; readonly logicalCores: number; readonly performanceCores: number | null; readonly efficiencyCores: number | null };
  readonly simd: { readonly avx2: boolean; readonly avx512: boolean; readonly vnni: boolean };
  readonly os: string;
  readonly node: string;
  readonly onnxruntime: string;
  readonly model: { readonly path: string; readonly bytes: number; readonly sha256: string; readonly standIn: boolean; readonly label: string };
  readonly session: SessionSettings;
  readonly sessionSources: Readonly<Record<keyof SessionSettings, SettingSource>>;
  readonly gitCommit: string | null;
  readonly timestamp: string;
}

export interface StageSummaries {
  readonly frontEndMs: Summary;
  readonly modelMs: Summary;
  readonly outputMs: Summary;
}

export interface CaseResult {
  readonly name: string;
  readonly text: string;
  /** The case's own voice, when the suite gives one (else the report's voice). */
  readonly voice?: string;
  /** The language the text was read as, when a case or --lang named one (else the voice's). */
  readonly lang?: string;
  readonly characters: number;
  readonly tokens: number;
  readonly chunks: number;
  readonly audioSeconds: number;
  readonly iterations: number;
  readonly warmup: number;
  readonly sessionCreateMs: number;
  readonly cold: { readonly wallMs: number; readonly rtf: number; readonly timeToFirstAudioMs: number };
  readonly rtf: Summary;
  readonly wallMs: Summary;
  readonly rawModelMs: Summary;
  readonly rawRtf: Summary;
  readonly overheadRatio: Summary;
  readonly timeToFirstAudioMs: Summary;
  readonly stages: StageSummaries;
  readonly peakRssMb: number;
  readonly cache: { readonly enabled: boolean; readonly hits: number; readonly misses: number };
  /** How the text was cut and fed (schema 1 additions; absent in older results). */
  readonly pipeline?: { readonly maxChunkTokens: number; readonly pipelineDepth: number; readonly engineWarmupMs: number; /** Sessions the chunks ran on at once (bench --sessions); absent = 1. The raw model reference is sequential on them. */ readonly sessions?: number; /** The English G2P path (espeak or misaki). */ readonly g2p?: string; /** The graph rewrites the session's optimized copy held (none, tiles:1024...); null = no copy (cache off); absent in older results and for worker sessions. */ readonly rewrites?: string | null };
  /** The first chunk of the whole-text run: front end before it, and its bare model time. */
  readonly firstChunk?: { readonly tokens: number; readonly frontEndMs: Summary; readonly rawModelMs: Summary };
  /** Time to first audio / (first chunk's raw model time + its front-end time). */
  readonly ttfaRatio?: Summary;
  /** The same text streamed (short first chunk), measured in the same iterations (bench --stream). */
  readonly stream?: StreamResult;
  /** The same synthesis with word timings and captions made, in the same iterations (bench --timestamps). */
  readonly timestamps?: TimestampsResult;
  /** Raw per-iteration samples, so results can be re-analysed. */
  readonly samples: { readonly wallMs: number[]; readonly rawModelMs: number[] };
}

export interface StreamResult {
  readonly firstChunkTokens: number;
  readonly chunks: number;
  readonly rtf: Summary;
  readonly timeToFirstAudioMs: Summary;
  readonly firstChunk: { readonly tokens: number; readonly frontEndMs: Summary; readonly rawModelMs: Summary };
  readonly ttfaRatio: Summary;
}

export interface TimestampsResult {
  readonly rtf: Summary;
  /** Wall time with timings / without, per iteration: the cost of the timing bookkeeping. */
  readonly costRatio: Summary;
  readonly words: number;
}

export interface BatchJobsResult {
  readonly jobs: number;
  readonly threadsPerJob: number;
  /** Audio seconds produced per wall second, engine loading included. */
  readonly throughput: Summary;
  readonly wallMs: Summary;
  readonly loadMs: Summary;
  readonly failedLines: number;
}

export interface BatchResult {
  readonly lines: number;
  readonly characters: number;
  readonly audioSeconds: number;
  readonly iterations: number;
  readonly results: BatchJobsResult[];
  /** Fewest jobs within noise of the best median throughput. */
  readonly bestJobs: number;
}

export interface BenchReport {
  readonly schemaVersion: number;
  readonly tool: string;
  readonly environment: Environment;
  readonly voice: string;
  readonly speed: number;
  readonly cases: CaseResult[];
  /** Whether word timings were measured too (bench --timestamps). */
  readonly timestamps?: boolean;
  /** bench --batch: throughput for each jobs value. */
  readonly batch?: BatchResult;
}
