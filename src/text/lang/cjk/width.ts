import type { TrackedText } from '../../tracked';

/**
 * Unicode NFKC per character run, tracked (pure): full-width Latin and digits become ASCII (１２ -> 12),
 * half-width katakana full-width (ｶﾞ -> ガ); CJK ideographs and kana are kept. Each run's result
 * points at the characters it came from.
 */
export function nfkcTracked(text: TrackedText): TrackedText {
  return text.replace(/[\uff01-\uff5e]+|[\uff61-\uff9f]+|[\u2460-\u24ff\u3300-\u33ff]/g, (m) => m.normalize('NFKC'));
}
