/** The engine's public surface: everything outside src/engine imports from here. */
export { createEngine, checkSpeed, DEFAULT_PIPELINE_DEPTH } from './engine';
export type { AudioChunk, CacheStats, Engine, EngineDeps, EngineOptions, SynthesisRequest } from './engine';
export { DEFAULT_SESSION_SETTINGS } from './settings';
export type { ExecutionMode, GraphOptimizationLevel, SessionSettings } from './settings';
export type { ModelContract } from './session';
export { describeVoice, dialectOf, listVoiceNames, loadVoicePack, styleRow, blendPacks } from './voices';
export { parseVoiceSpec, formatVoiceSpec } from './voice-spec';
