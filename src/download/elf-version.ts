/**
 * The symbol versions an ELF file (a Node addon) needs from each shared library, and a rewrite of
 * one of them (pure, on a copy). onnxruntime-node's binding needs `OrtGetApiBase@VERS_<its own
 * release>` from libonnxruntime.so.1; a newer library defines the same function under its own
 * version (the C API is versioned by number, and a newer library serves every older number). Renaming
 * the needed version (name in .dynstr and its hash in .gnu.version_r) lets the dynamic linker bind the
 * binding to the newer library; nothing else in the file changes. 64-bit little-endian ELF only.
 */

export interface VersionNeed {
  /** The library (DT_NEEDED name), e.g. libonnxruntime.so.1. */
  readonly file: string;
  readonly versions: readonly { readonly name: string; readonly hash: number; readonly nameOffset: number; readonly entryOffset: number }[];
}

const SHT_GNU_VERNEED = 0x6ffffffe;

/** The System V ELF hash of a version name (what vna_hash holds). */
export function elfHash(name: string): number {
  let h = 0;
  for (const c of Buffer.from(name, 'utf8')) {
    h = ((h << 4) + c) >>> 0;
    const g = h & 0xf0000000;
    if (g) h ^= g >>> 24;
    h = (h & ~g) >>> 0;
  }
  return h >>> 0;
}

function cString(buf: Buffer, at: number): string {
  const end = buf.indexOf(0, at);
  return buf.toString('utf8', at, end < 0 ? buf.length : end);
}

/** Every version need of a 64-bit little-endian ELF file, with the offsets a rewrite needs. */
export function versionNeeds(elf: Buffer): { needs: VersionNeed[]; strtabOffset: number; strtabSize: number } {
  if (elf.length < 64 || elf.readUInt32BE(0) !== 0x7f454c46) throw new Error('not an ELF file');
  if (elf[4] !== 2 || elf[5] !== 1) throw new Error('not a 64-bit little-endian ELF file');
  const shoff = Number(elf.readBigUInt64LE(0x28));
  const shentsize = elf.readUInt16LE(0x3a);
  const shnum = elf.readUInt16LE(0x3c);
  const section = (i: number): { type: number; offset: number; size: number; link: number; info: number } => {
    const at = shoff + i * shentsize;
    return { type: elf.readUInt32LE(at + 4), offset: Number(elf.readBigUInt64LE(at + 0x18)), size: Number(elf.readBigUInt64LE(at + 0x20)), link: elf.readUInt32LE(at + 0x28), info: elf.readUInt32LE(at + 0x2c) };
  };
  for (let i = 0; i < shnum; i++) {
    const s = section(i);
    if (s.type !== SHT_GNU_VERNEED) continue;
    const strtab = section(s.link);
    const needs: VersionNeed[] = [];
    let at = s.offset;
    for (let n = 0; n < s.info; n++) {
      const cnt = elf.readUInt16LE(at + 2);
      const file = cString(elf, strtab.offset + elf.readUInt32LE(at + 4));
      const versions: { name: string; hash: number; nameOffset: number; entryOffset: number }[] = [];
      let aux = at + elf.readUInt32LE(at + 8);
      for (let k = 0; k < cnt; k++) {
        const nameOffset = strtab.offset + elf.readUInt32LE(aux + 8);
        versions.push({ name: cString(elf, nameOffset), hash: elf.readUInt32LE(aux), nameOffset, entryOffset: aux });
        const next = elf.readUInt32LE(aux + 12);
        if (next === 0) break;
        aux += next;
      }
      needs.push({ file, versions });
      const next = elf.readUInt32LE(at + 12);
      if (next === 0) break;
      at += next;
    }
    return { needs, strtabOffset: strtab.offset, strtabSize: strtab.size };
  }
  return { needs: [], strtabOffset: 0, strtabSize: 0 };
}

/**
 * A copy of `elf` that needs version `to` from `file` instead of the one it needs now. The new name
 * must be no longer than the old (it is written in place, NUL-padded), and the old name must not be
 * shared with another entry of the string table (checked: it occurs there once).
 */
export function retargetVersionNeed(elf: Buffer, file: string, to: string): { patched: Buffer; from: string } {
  const { needs, strtabOffset, strtabSize } = versionNeeds(elf);
  const need = needs.find((n) => n.file === file);
  if (!need) throw new Error(`the file needs nothing from ${file}`);
  if (need.versions.length !== 1) throw new Error(`the file needs ${need.versions.length} versions from ${file}, expected one`);
  const v = need.versions[0]!;
  if (v.hash !== elfHash(v.name)) throw new Error(`version ${v.name}: its hash does not match`);
  const strtab = elf.subarray(strtabOffset, strtabOffset + strtabSize);
  const oldBytes = Buffer.from(`${v.name}\0`, 'utf8');
  if (strtab.indexOf(oldBytes) !== strtab.lastIndexOf(oldBytes)) throw new Error(`version name ${v.name} occurs more than once in the string table`);
  if (Buffer.byteLength(to, 'utf8') > Buffer.byteLength(v.name, 'utf8')) throw new Error(`version ${to} is longer than ${v.name}`);
  const patched = Buffer.from(elf);
  patched.fill(0, v.nameOffset, v.nameOffset + Buffer.byteLength(v.name, 'utf8'));
  patched.write(to, v.nameOffset, 'utf8');
  patched.writeUInt32LE(elfHash(to), v.entryOffset);
  return { patched, from: v.name };
}
