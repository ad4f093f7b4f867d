/**
 * The CPU's theoretical multiply-accumulate peak, from /proc/cpuinfo (pure): vector width from the
 * ISA flags, two vector FMA pipes per core, the clock the kernel reports. The assumptions are the
 * common case for x86 server cores of the last years and are printed with the figure; the measured
 * peak (microbenchmark.ts) is the anchor, this is the ceiling above it.
 * - fp32: width/32 lanes x 2 pipes x clock. AMD family 25 (Zen 3/4) runs AVX-512 on 256-bit
 *   datapaths, so 256 bits there.
 * - 8-bit integers: with VNNI (avx512_vnni / avx_vnni) one vpdpbusd does 4 u8 x s8 MACs per 32-bit
 *   lane; without it the pmaddubsw + pmaddwd pair is counted as 2 per lane.
 */

export interface CpuFacts {
  readonly model: string;
  readonly vendor: string;
  readonly family: number | null;
  readonly modelNumber: number | null;
  readonly mhz: number | null;
  readonly logicalCpus: number;
  readonly flags: readonly string[];
}

export interface TheoreticalPeak {
  readonly vectorBits: number;
  readonly vnni: boolean;
  /** MACs per second per core. */
  readonly fp32PerCore: number;
  readonly int8PerCore: number;
  readonly assumptions: string;
}

export function parseCpuinfo(text: string): CpuFacts {
  const blocks = text.split(/\n\s*\n/).filter((b) => /^processor\s*:/m.test(b));
  const first = blocks[0] ?? text;
  const field = (name: string): string | null => {
    const m = new RegExp(`^${name}\\s*:\\s*(.*)$`, 'm').exec(first);
    return m ? m[1]!.trim() : null;
  };
  const num = (name: string): number | null => {
    const v = field(name);
    return v === null || !Number.isFinite(Number(v)) ? null : Number(v);
  };
  return {
    model: field('model name') ?? 'unknown',
    vendor: field('vendor_id') ?? 'unknown',
    family: num('cpu family'),
    modelNumber: num('model'),
    mhz: num('cpu MHz'),
    logicalCpus: Math.max(1, blocks.length),
    flags: (field('flags') ?? '').split(/\s+/).filter(Boolean),
  };
}

export function theoreticalPeak(cpu: CpuFacts): TheoreticalPeak | null {
  if (cpu.mhz === null) return null;
  const has = (f: string): boolean => cpu.flags.includes(f);
  const halfWidthAvx512 = cpu.vendor === 'AuthenticAMD' && cpu.family === 25;
  const vectorBits = has('avx512f') && !halfWidthAvx512 ? 512 : has('avx2') ? 256 : 128;
  const vnni = has('avx512_vnni') || has('avx_vnni');
  const lanes = vectorBits / 32;
  const hz = cpu.mhz * 1e6;
  const pipes = 2;
  return {
    vectorBits,
    vnni,
    fp32PerCore: lanes * pipes * hz,
    int8PerCore: lanes * (vnni ? 4 : 2) * pipes * hz,
    assumptions: `${vectorBits}-bit vectors, ${pipes} FMA pipes per core, ${cpu.mhz.toFixed(0)} MHz as cpuinfo reports it (a VM reports the base clock; a core that boosts beats it), int8 ${vnni ? 'VNNI (4 MACs per 32-bit lane)' : 'no VNNI (2 MACs per 32-bit lane)'}`,
  };
}
