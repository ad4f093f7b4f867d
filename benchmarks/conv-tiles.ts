/**
 * One ConvInteger of Kokoro's last decoder stage (128 -> 128 channels, uint8 weights with a zero
 * point, as in the int8 file; scripts/standin/conv-integer.ts), as it is and in tiles along time (src/engine/tile-convs.ts), over a
 * range of input lengths T: median ms per call and µs per output frame. Shows why the rewrite pays
 * (the plain op's cost per frame grows once its im2col buffer outgrows the caches) and what the tile
 * length costs on short inputs. Checks the outputs are bit-identical while it is at it.
 *
 *   npm run build && node dist/benchmarks/conv-tiles.js [--kernel 11] [--dilation 1] [--threads 1]
 *     [--tiles 512,1024,2048] [--lengths 300,4000,21361,45361] [--runs 7]
 *     [--runtime .cache/runtimes/onnxruntime-1.32.0]
 */
import { onnx } from 'onnx-proto';
import { ortRuntime } from '../src/engine/ort-runtime';
import { tileConvIntegers } from '../src/engine/tile-convs';
import { summarize } from '../src/bench/stats';
import { convInput, convIntegerModel } from '../scripts/standin/conv-integer';
import { flag, listFlag, numberFlag } from './lib';

const CHANNELS = 128;

function model(k: number, dilation: number): onnx.ModelProto {
  return convIntegerModel({ c: CHANNELS, o: CHANNELS, k, dilation, pads: [(dilation * (k - 1)) / 2, (dilation * (k - 1)) / 2], zeroPoints: true });
}

async function main(): Promise<void> {
  const k = numberFlag('--kernel', 11);
  const dilation = numberFlag('--dilation', 1);
  const threads = numberFlag('--threads', 1);
  const tiles = listFlag('--tiles', '512,1024,2048').map(Number);
  const lengths = listFlag('--lengths', '300,1500,4000,10000,21361,45361').map(Number);
  const runs = numberFlag('--runs', 7);
  const ort = ortRuntime(flag('--runtime', '') || null);
  const variants: [string, Uint8Array][] = [['plain', onnx.ModelProto.encode(model(k, dilation)).finish()]];
  for (const tile of tiles) {
    const m = model(k, dilation);
    tileConvIntegers(m, tile);
    variants.push([`tiles of ${tile}`, onnx.ModelProto.encode(m).finish()]);
  }
  const sessions = await Promise.all(variants.map(([, bytes]) => ort.InferenceSession.create(bytes, { intraOpNumThreads: threads, logSeverityLevel: 3 })));
  console.log(`ConvInteger ${CHANNELS}->${CHANNELS}, kernel ${k}, dilation ${dilation}, ${threads} thread(s); median of ${runs} calls: ms (µs per frame)\n`);
  console.log(`| T | ${variants.map(([name]) => name).join(' | ')} |`);
  console.log(`|---:|${variants.map(() => '---:').join('|')}|`);
  for (const t of lengths) {
    const x = convInput(1, CHANNELS, t);
    const feeds = { x: new ort.Tensor('uint8', x, [1, CHANNELS, t]), xzp: new ort.Tensor('uint8', new Uint8Array([131]), []) };
    const reference = (await sessions[0]!.run(feeds)).y!.data as Int32Array;
    const cells: string[] = [];
    for (const s of sessions) {
      const y = (await s.run(feeds)).y!.data as Int32Array;
      if (y.length !== reference.length || y.some((v, i) => v !== reference[i])) throw new Error(`T=${t}: the tiled output differs`);
      const ms: number[] = [];
      for (let r = 0; r < runs; r++) {
        const t0 = performance.now();
        await s.run(feeds);
        ms.push(performance.now() - t0);
      }
      const median = summarize(ms).median;
      cells.push(`${median.toFixed(1)} (${((median * 1000) / t).toFixed(2)})`);
    }
    console.log(`| ${t} | ${cells.join(' | ')} |`);
  }
}

main().catch((e: unknown) => {
  process.stderr.write(`${e instanceof Error ? e.message : String(e)}\n`);
  process.exit(1);
});
