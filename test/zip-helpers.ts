import { deflateRawSync } from 'node:zlib';
import { crc32 } from '../src/util/zip';

/** A zip archive of the given members (method 0 = stored, 8 = deflated), as any zip tool writes one. */
export function makeZip(members: { name: string; data: Buffer; method: 0 | 8 }[]): Buffer {
  const locals: Buffer[] = [];
  const central: Buffer[] = [];
  let offset = 0;
  for (const m of members) {
    const packed = m.method === 8 ? deflateRawSync(m.data) : m.data;
    const name = Buffer.from(m.name, 'utf8');
    const l = Buffer.alloc(30);
    l.writeUInt32LE(0x04034b50, 0); l.writeUInt16LE(20, 4); l.writeUInt16LE(m.method, 8);
    l.writeUInt32LE(crc32(m.data), 14); l.writeUInt32LE(packed.length, 18); l.writeUInt32LE(m.data.length, 22); l.writeUInt16LE(name.length, 26);
    const c = Buffer.alloc(46);
    c.writeUInt32LE(0x02014b50, 0); c.writeUInt16LE(20, 4); c.writeUInt16LE(20, 6); c.writeUInt16LE(m.method, 10);
    c.writeUInt32LE(crc32(m.data), 16); c.writeUInt32LE(packed.length, 20); c.writeUInt32LE(m.data.length, 24); c.writeUInt16LE(name.length, 28); c.writeUInt32LE(offset, 42);
    locals.push(l, name, packed);
    central.push(c, name);
    offset += 30 + name.length + packed.length;
  }
  const cd = Buffer.concat(central);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0); end.writeUInt16LE(members.length, 8); end.writeUInt16LE(members.length, 10); end.writeUInt32LE(cd.length, 12); end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, cd, end]);
}
