/** Facts about Kokoro-82M v1.0 that every layer shares. */
export const SAMPLE_RATE = 24000;
/** Phoneme tokens per model call, not counting the two pad tokens. */
export const MAX_TOKENS = 510;
export const STYLE_DIM = 256;
/** Rows in a voice pack: one style vector per token count. */
export const VOICE_ROWS = 510;
/** Highest style row we index: row 510 does not exist (a known crash elsewhere). */
export const MAX_STYLE_ROW = VOICE_ROWS - 1;
export const VOICE_PACK_BYTES = VOICE_ROWS * STYLE_DIM * 4;
export const PAD_ID = 0;
/** One duration frame of the decoder, in samples (25 ms at 24 kHz). */
export const SAMPLES_PER_FRAME = 600;
export const MIN_SPEED = 0.5;
export const MAX_SPEED = 2.0;
