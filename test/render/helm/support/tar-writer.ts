import { gzipSync } from 'node:zlib';

/** One record to write: a file (the default), a directory, or a raw GNU/pax extension record. */
export interface TarRecord {
  name: string;
  data?: string | Uint8Array;
  /** Tar type flag. @defaultValue `'0'` */
  type?: string;
  /** Split a long name into the ustar prefix field. @defaultValue false */
  prefix?: string;
}

/** Writes a ustar archive the way Go's and GNU's tar do, for tests of the reader. */
export function writeTar(records: TarRecord[]): Uint8Array {
  const blocks: Uint8Array[] = [];
  for (const r of records) {
    const data =
      typeof r.data === 'string' ? new TextEncoder().encode(r.data) : (r.data ?? new Uint8Array());
    const header = new Uint8Array(512);
    const put = (offset: number, length: number, text: string): void => {
      header.set(new TextEncoder().encode(text).subarray(0, length), offset);
    };
    put(0, 100, r.name);
    put(100, 8, '0000644\0');
    put(108, 8, '0000000\0');
    put(116, 8, '0000000\0');
    put(124, 12, `${data.length.toString(8).padStart(11, '0')}\0`);
    put(136, 12, '00000000000\0');
    put(156, 1, r.type ?? '0');
    put(257, 6, 'ustar\0');
    put(263, 2, '00');
    if (r.prefix !== undefined) put(345, 155, r.prefix);
    header.fill(32, 148, 156);
    const sum = header.reduce((a, b) => a + b, 0);
    put(148, 8, `${sum.toString(8).padStart(6, '0')}\0 `);
    blocks.push(header, data, new Uint8Array((512 - (data.length % 512)) % 512));
  }
  blocks.push(new Uint8Array(1024));
  const out = new Uint8Array(blocks.reduce((n, b) => n + b.length, 0));
  let at = 0;
  for (const b of blocks) {
    out.set(b, at);
    at += b.length;
  }
  return out;
}

/** A pax extended header record body: `<length> key=value\n`, the length counting itself. */
export function paxRecord(key: string, value: string): string {
  const body = ` ${key}=${value}\n`;
  let length = Buffer.byteLength(body) + 1;
  while (String(length).length + Buffer.byteLength(body) !== length) length++;
  return `${length}${body}`;
}

/** A gzipped tar archive of the records. */
export function writeTgz(records: TarRecord[]): Uint8Array {
  return gzipSync(writeTar(records));
}
