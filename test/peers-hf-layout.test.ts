import { test } from 'node:test';
import assert from 'node:assert/strict';
import { onnx } from 'onnx-proto';
import { KOKORO_JS_IO, renameGraphIO, tokenizerJson } from '../benchmarks/peers/hf-layout';
import { VOCAB, tokenize } from '../src/text/vocab';

function tinyModel(): onnx.IModelProto {
  const vi = (name: string): onnx.IValueInfoProto => ({ name });
  const loop: onnx.IGraphProto = { node: [{ opType: 'Identity', input: ['tokens'], output: ['inner'] }], input: [], output: [vi('inner')] };
  return {
    graph: {
      input: [vi('tokens'), vi('style'), vi('speed')],
      output: [vi('audio')],
      node: [
        { opType: 'Cast', input: ['tokens'], output: ['t32'] },
        { opType: 'If', input: ['cond'], output: ['x'], attribute: [{ name: 'then_branch', g: loop }] },
        { opType: 'Mul', input: ['t32', 'style'], output: ['audio'] },
      ],
    },
  };
}

test('renameGraphIO renames the kokoro-onnx I/O to what kokoro-js feeds and reads, edges and subgraphs too', () => {
  const m = tinyModel();
  assert.deepEqual(renameGraphIO(m, KOKORO_JS_IO), ['tokens', 'audio']);
  const g = m.graph!;
  assert.deepEqual(g.input!.map((v) => v.name), ['input_ids', 'style', 'speed']);
  assert.deepEqual(g.output!.map((v) => v.name), ['waveform']);
  assert.deepEqual(g.node![0]!.input, ['input_ids']);
  assert.deepEqual(g.node![2]!.output, ['waveform']);
  assert.deepEqual(g.node![1]!.attribute![0]!.g!.node![0]!.input, ['input_ids']);
  // It survives an encode/decode round trip.
  const back = onnx.ModelProto.decode(onnx.ModelProto.encode(m).finish());
  assert.deepEqual(back.graph!.input!.map((v) => v.name), ['input_ids', 'style', 'speed']);
});

test('renameGraphIO leaves a graph already named input_ids/waveform alone and refuses a clash', () => {
  const m = tinyModel();
  renameGraphIO(m, KOKORO_JS_IO);
  assert.deepEqual(renameGraphIO(m, KOKORO_JS_IO), []);
  const clash = tinyModel();
  clash.graph!.input!.push({ name: 'input_ids' });
  assert.throws(() => renameGraphIO(clash, KOKORO_JS_IO), /already has an input or output named input_ids/);
});

test('tokenizer.json keeps exactly the vocabulary symbols, maps them to our ids and pads both ends', () => {
  const t = tokenizerJson(VOCAB) as {
    normalizer: { pattern: { Regex: string } };
    model: { vocab: Record<string, number> };
    post_processor: { single: { SpecialToken?: { id: string } }[] };
  };
  // transformers.js compiles patterns with the 'gu' flags.
  const drop = new RegExp(t.normalizer.pattern.Regex, 'gu');
  const all = [...VOCAB.keys()].join('');
  assert.equal(all.replace(drop, ''), all, 'no vocabulary symbol is dropped');
  assert.equal('#@%\n\t'.replace(drop, ''), '', 'symbols the model lacks are dropped');
  const text = `${all}#həlˈoʊ`;
  const kept = [...text.replace(drop, '')].map((ch) => t.model.vocab[ch]);
  assert.deepEqual(kept, tokenize(text).ids);
  assert.equal(t.model.vocab.$, 0);
  assert.equal(t.post_processor.single[0]!.SpecialToken!.id, '$');
  assert.equal(t.post_processor.single[2]!.SpecialToken!.id, '$');
});
