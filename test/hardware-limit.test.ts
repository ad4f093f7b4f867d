import { test } from 'node:test';
import assert from 'node:assert/strict';
import { opWork } from '../benchmarks/hardware/macs';
import { parseCpuinfo, theoreticalPeak } from '../benchmarks/hardware/cpu-peak';
import { workByClass } from '../benchmarks/hardware/profile-work';

test('MACs of a convolution: output elements times the weight per output channel, groups and tiles included', () => {
  // 128 -> 128 channels, kernel 7, 1000 output frames.
  assert.equal(opWork('ConvInteger', [[1, 128, 1006], [128, 128, 7]], [[1, 128, 1000]]).macs, 128 * 1000 * 128 * 7);
  // Depthwise (group = channels): the weight has 1 input channel per output channel.
  assert.equal(opWork('Conv', [[1, 64, 100], [64, 1, 3]], [[1, 64, 98]]).macs, 64 * 98 * 3);
  // A tiled convolution runs as a batch of tiles: every tile's frames count.
  assert.equal(opWork('ConvInteger', [[4, 128, 1030, 1], [128, 128, 7, 1]], [[4, 128, 1024, 1]]).macs, 4 * 128 * 1024 * 128 * 7);
  // A kernel whose weight was prepacked (not listed) is not guessed.
  assert.equal(opWork('Conv', [[1, 128, 100]], [[1, 128, 100]]).macs, null);
});

test('MACs of a transposed convolution: input elements times the weight per input channel', () => {
  // 256 -> 128 channels, kernel 12, stride 6: each input frame spreads over 128 x 12 outputs.
  assert.equal(opWork('ConvTranspose', [[1, 256, 100], [256, 128, 12]], [[1, 128, 600]]).macs, 256 * 100 * 128 * 12);
});

test('MACs of a matrix product: the first input times N, times the batch it broadcasts over', () => {
  assert.equal(opWork('MatMul', [[1, 50, 512], [512, 768]], [[1, 50, 768]]).macs, 50 * 512 * 768);
  // Prepacked weights (DynamicQuantizeMatMul lists only its activation) still count: N comes from the output.
  assert.equal(opWork('DynamicQuantizeMatMul', [[3, 40, 256]], [[3, 40, 1024]]).macs, 3 * 40 * 256 * 1024);
  // [M, K] x [8, K, N]: the first input broadcasts over a batch of 8.
  assert.equal(opWork('MatMul', [[10, 20], [8, 20, 30]], [[8, 10, 30]]).macs, 8 * 10 * 20 * 30);
});

test('MACs of an LSTM: four gates of (input + hidden) x hidden per step and direction', () => {
  assert.equal(opWork('DynamicQuantizeLSTM', [[50, 1, 640]], [[50, 2, 1, 256]]).macs, 50 * 2 * 4 * 256 * (640 + 256));
});

test('other operators carry no MACs but count their output elements', () => {
  assert.deepEqual(opWork('Add', [[2, 3], [2, 3]], [[2, 3]]), { opClass: 'other', macs: null, outputElements: 6 });
});

const cpuinfo = (vendor: string, family: number, flags: string, processors = 2): string =>
  Array.from({ length: processors }, (_, i) =>
    [`processor\t: ${i}`, `vendor_id\t: ${vendor}`, `cpu family\t: ${family}`, 'model\t\t: 2', 'model name\t: Test CPU', 'cpu MHz\t\t: 2500.000', `flags\t\t: fpu sse2 ${flags}`].join('\n'),
  ).join('\n\n');

test('cpuinfo: model, vendor, family, clock, CPUs and flags', () => {
  const cpu = parseCpuinfo(cpuinfo('GenuineIntel', 6, 'avx2 avx512f', 4));
  assert.equal(cpu.model, 'Test CPU');
  assert.equal(cpu.vendor, 'GenuineIntel');
  assert.equal(cpu.family, 6);
  assert.equal(cpu.modelNumber, 2);
  assert.equal(cpu.mhz, 2500);
  assert.equal(cpu.logicalCpus, 4);
  assert.ok(cpu.flags.includes('avx512f'));
});

test('theoretical peak: vector width from the flags, halved AVX-512 on AMD family 25, VNNI quadruples int8', () => {
  const avx512vnni = theoreticalPeak(parseCpuinfo(cpuinfo('GenuineIntel', 6, 'avx2 avx512f avx512_vnni')))!;
  assert.equal(avx512vnni.vectorBits, 512);
  assert.equal(avx512vnni.fp32PerCore, 16 * 2 * 2.5e9);
  assert.equal(avx512vnni.int8PerCore, 16 * 4 * 2 * 2.5e9);
  const zen4 = theoreticalPeak(parseCpuinfo(cpuinfo('AuthenticAMD', 25, 'avx2 avx512f avx512_vnni')))!;
  assert.equal(zen4.vectorBits, 256);
  const avx2 = theoreticalPeak(parseCpuinfo(cpuinfo('GenuineIntel', 6, 'avx2')))!;
  assert.equal(avx2.vnni, false);
  assert.equal(avx2.int8PerCore, 8 * 2 * 2 * 2.5e9);
  assert.equal(theoreticalPeak(parseCpuinfo('processor\t: 0\nflags\t\t: avx2')), null);
});

test('work by class: per pass, split by arithmetic, kernels without shapes named', () => {
  const k = (op: string, dur: number, inputs: Record<string, number[]>[], outputs: Record<string, number[]>[]) => ({
    cat: 'Node',
    name: `${op}_kernel_time`,
    ts: 0,
    dur,
    args: { op_name: op, input_type_shape: inputs, output_type_shape: outputs },
  });
  const events = [
    k('ConvInteger', 4000, [{ uint8: [1, 8, 12] }, { uint8: [8, 8, 3] }], [{ int32: [1, 8, 10] }]),
    k('ConvInteger', 2000, [{ uint8: [1, 8, 12] }, { uint8: [8, 8, 3] }], [{ int32: [1, 8, 10] }]),
    k('Conv', 1000, [{ float: [1, 8, 10] }], [{ float: [1, 8, 10] }]),
    k('DynamicQuantizeMatMul', 500, [{ float: [1, 4, 16] }], [{ float: [1, 4, 32] }]),
    k('Add', 300, [{ float: [1, 8, 10] }], [{ float: [1, 8, 10] }]),
  ];
  const classes = workByClass(events, 2);
  const byKey = Object.fromEntries(classes.map((c) => [`${c.opClass} ${c.arithmetic}`, c]));
  assert.deepEqual(Object.keys(byKey), ['conv fp32', 'conv int8', 'matmul int8', 'other fp32']);
  assert.equal(byKey['conv int8']!.macs, (2 * 8 * 10 * 8 * 3) / 2);
  assert.equal(byKey['conv int8']!.kernelMs, 3);
  assert.equal(byKey['matmul int8']!.macs, (4 * 16 * 32) / 2);
  assert.deepEqual(byKey['conv fp32']!.uncounted, ['Conv']);
  assert.equal(byKey['conv fp32']!.macs, 0);
  assert.deepEqual(byKey['other fp32']!.uncounted, []);
  assert.equal(byKey['other fp32']!.outputElements, 40);
});
