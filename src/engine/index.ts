/** The engine's public surface: everything outside src/engine imports from here. */
export { createEngine, checkSpeed } from './engine';
export type { AudioChunk, CacheStats, Engine, EngineDeps, EngineOptions, SynthesisRequest } from './engine';
export { DEFAULT_PIPELINE_DEPTH, type Schedule } from './schedule';
export { Synthesizer, type ModelRunner, type Synthesis } from './synthesizer';
export { speak, type SpeakResult, type SpeakHooks } from './speak';
export { DEFAULT_SESSION_SETTINGS } from './settings';
export type { ExecutionMode, GraphOptimizationLevel, SessionSettings } from './settings';
export type { ModelContract } from './session';
export { NO_REWRITES, parseRewrites, rewriteName, type RewriteChoice, type RewriteSetting } from './graph-rewrites';
export type { RewriteRecord } from './optimized-model';
export { ortRuntime, type OrtModule, type RuntimeDir } from './ort-runtime';
export { listVoiceNames, loadVoicePack, styleRow, blendPacks, type VoicePack } from './voices';
export { parseVoiceSpec, formatVoiceSpec } from './voice-spec';
export { DEFAULT_G2P, G2PS, type G2p } from '../text/lang/g2p';
export { describeVoice, frontEndFor, frontEndForVoice, frontEndById, languageCodes, languageLetter, LANGUAGES } from '../text/lang/registry';
export type { FrontEnd, TokenSpan } from '../text/frontend';
export { planText, piecesOf, inputNotes, type Plan, type PlanContext } from './text-plan';
export { requireDurations, TimingTrack, type PauseTargets, type WordTiming, type PhonemeTiming } from './timings';
