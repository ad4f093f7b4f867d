/**
 * What kokoro-js 1.2.1 (transformers.js) needs to load a Kokoro model from a local folder, built
 * from our own files: the Hugging Face layout (config.json, tokenizer.json of Kokoro's symbols,
 * tokenizer_config.json, onnx/model.onnx) and a graph whose I/O is named input_ids/style/speed ->
 * waveform (the kokoro-onnx exports name them tokens/style/speed -> audio). Pure functions; the
 * files are written by prepare.ts.
 */
import { onnx } from 'onnx-proto';

/** transformers.js picks the model class from model_type. */
export const HF_CONFIG = { model_type: 'style_text_to_speech_2' };

/** 512 = 510 phoneme ids + the pad at each end; kokoro-js tokenizes with truncation at this length. */
export const HF_TOKENIZER_CONFIG = { model_max_length: 512, pad_token: '$', tokenizer_class: 'PreTrainedTokenizer' };

/** The I/O names kokoro-js uses: it feeds input_ids and reads waveform. */
export const KOKORO_JS_IO: Readonly<Record<string, string>> = { tokens: 'input_ids', audio: 'waveform' };

function escapeClass(ch: string): string {
  return /[\\\]\[^-]/.test(ch) ? `\\${ch}` : ch;
}

/**
 * A tokenizer.json that maps each vocabulary symbol (one code point each) to its id, drops symbols
 * the model lacks, and adds the pad ($, id 0) at both ends, as the published Kokoro ONNX repo does.
 */
export function tokenizerJson(vocab: ReadonlyMap<string, number>): Record<string, unknown> {
  const symbols = [...vocab.keys()];
  for (const s of symbols) if ([...s].length !== 1) throw new Error(`vocabulary symbol ${JSON.stringify(s)} is not one code point`);
  const known = symbols.map(escapeClass).join('');
  const pad = { id: '$', type_id: 0 };
  return {
    version: '1.0',
    truncation: null,
    padding: null,
    added_tokens: [{ id: 0, content: '$', single_word: false, lstrip: false, rstrip: false, normalized: false, special: true }],
    normalizer: { type: 'Replace', pattern: { Regex: `[^$${known}]` }, content: '' },
    pre_tokenizer: { type: 'Split', pattern: { Regex: '' }, behavior: 'Isolated', invert: false },
    post_processor: {
      type: 'TemplateProcessing',
      single: [{ SpecialToken: pad }, { Sequence: { id: 'A', type_id: 0 } }, { SpecialToken: pad }],
      pair: [{ SpecialToken: pad }, { Sequence: { id: 'A', type_id: 0 } }, { Sequence: { id: 'B', type_id: 1 } }, { SpecialToken: pad }],
      special_tokens: { $: { id: '$', ids: [0], tokens: ['$'] } },
    },
    decoder: null,
    model: { vocab: { $: 0, ...Object.fromEntries(vocab) } },
  };
}

function renameIn(graph: onnx.IGraphProto, map: Readonly<Record<string, string>>): void {
  const r = (n: string): string => map[n] ?? n;
  for (const v of [...(graph.input ?? []), ...(graph.output ?? []), ...(graph.valueInfo ?? [])]) v.name = r(v.name ?? '');
  for (const node of graph.node ?? []) {
    node.input = (node.input ?? []).map(r);
    node.output = (node.output ?? []).map(r);
    for (const a of node.attribute ?? []) {
      if (a.g) renameIn(a.g, map);
      for (const g of a.graphs ?? []) renameIn(g, map);
    }
  }
}

/**
 * Renames graph inputs/outputs (and every node edge that uses them, subgraphs included) in place.
 * Returns the names that were renamed; a target name already in use is an error.
 */
export function renameGraphIO(model: onnx.IModelProto, map: Readonly<Record<string, string>>): string[] {
  const g = model.graph;
  if (!g) throw new Error('the model has no graph');
  const io = new Set([...(g.input ?? []), ...(g.output ?? [])].map((v) => v.name ?? ''));
  const todo = Object.fromEntries(Object.entries(map).filter(([from]) => io.has(from)));
  for (const to of Object.values(todo)) if (io.has(to)) throw new Error(`the graph already has an input or output named ${to}`);
  renameIn(g, todo);
  return Object.keys(todo);
}
