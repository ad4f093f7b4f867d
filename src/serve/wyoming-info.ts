import { describeVoice, LANGUAGES } from '../engine';

/** Who made the model and voices every Wyoming artifact names. */
const ATTRIBUTION = { name: 'hexgrad (Kokoro-82M)', url: 'https://huggingface.co/hexgrad/Kokoro-82M' };

/** A language tag as Home Assistant writes it: en-us -> en-US. */
export function wyomingLanguage(tag: string): string {
  const [lang, region] = tag.split('-');
  return region ? `${lang}-${region.toUpperCase()}` : tag;
}

/**
 * The `info` event's data (the fields of the wyoming package's Info / TtsProgram / TtsVoice): one
 * TTS program, every installed voice with its language and attribution. Voices of a language no
 * front end speaks yet are left out: asking for them could only fail.
 */
export function wyomingInfo(voices: readonly string[], version: string): Record<string, unknown> {
  const listed = voices.filter((name) => LANGUAGES[name[0] ?? '']?.frontEnd);
  return {
    asr: [], handle: [], intent: [], wake: [], mic: [], snd: [],
    tts: [
      {
        name: 'kokoro-ts', attribution: ATTRIBUTION, installed: true, version,
        description: 'Kokoro-82M text to speech (kokoro-ts)',
        supports_synthesize_streaming: true,
        voices: listed.map((name) => {
          const d = describeVoice(name);
          return {
            name, attribution: ATTRIBUTION, installed: true, version: null, speakers: null,
            description: `${name} (${d.language}, ${d.gender})`,
            languages: [wyomingLanguage(LANGUAGES[name[0]!]!.tag)],
          };
        }),
      },
    ],
  };
}
