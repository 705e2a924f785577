import { TextDecoder } from 'node:util';

/** One regular file of a tar archive. */
export interface TarEntry {
  /** The path as stored, after GNU long-name and pax `path` records are applied. */
  name: string;
  data: Uint8Array;
}

/** Why a tar stream could not be read; the caller words it for the user. */
export class TarFormatError extends Error {}

const BLOCK = 512;
const TYPE = {
  file: '0',
  oldFile: '\0',
  contiguous: '7',
  gnuLongName: 'L',
  paxHeader: 'x',
} as const;

/**
 * Reads the regular files of a (ustar, GNU or pax) tar archive, in order. Directories, links
 * and other special entries are skipped, as Helm's chart loader has no use for them.
 */
export function readTar(bytes: Uint8Array): TarEntry[] {
  const entries: TarEntry[] = [];
  const decoder = new TextDecoder();
  let offset = 0;
  let longName: string | undefined;
  let paxPath: string | undefined;
  while (offset + BLOCK <= bytes.length) {
    const header = bytes.subarray(offset, offset + BLOCK);
    if (header.every((b) => b === 0)) break;
    if (!checksumMatches(header)) {
      throw new TarFormatError(`invalid tar header at offset ${offset}`);
    }
    const size = readSize(header.subarray(124, 136), offset);
    const start = offset + BLOCK;
    const end = start + size;
    if (end > bytes.length) throw new TarFormatError(`truncated tar entry at offset ${offset}`);
    const data = bytes.subarray(start, end);
    offset = start + Math.ceil(size / BLOCK) * BLOCK;

    const type = String.fromCharCode(header[156]!);
    if (type === TYPE.gnuLongName) {
      longName = cString(decoder, data);
      continue;
    }
    if (type === TYPE.paxHeader) {
      paxPath = paxRecords(decoder, data).get('path');
      continue;
    }
    const name = longName ?? paxPath ?? headerName(decoder, header);
    longName = undefined;
    paxPath = undefined;
    if (type === TYPE.file || type === TYPE.oldFile || type === TYPE.contiguous) {
      entries.push({ name, data });
    }
  }
  return entries;
}

function headerName(decoder: TextDecoder, header: Uint8Array): string {
  const name = cString(decoder, header.subarray(0, 100));
  const isUstar = cString(decoder, header.subarray(257, 263)).startsWith('ustar');
  const prefix = isUstar ? cString(decoder, header.subarray(345, 500)) : '';
  return prefix === '' ? name : `${prefix}/${name}`;
}

function cString(decoder: TextDecoder, bytes: Uint8Array): string {
  const nul = bytes.indexOf(0);
  return decoder.decode(nul === -1 ? bytes : bytes.subarray(0, nul));
}

/** An octal size field, or GNU's base-256 form for files of 8 GiB and more. */
function readSize(field: Uint8Array, offset: number): number {
  if ((field[0]! & 0x80) !== 0) {
    let n = field[0]! & 0x7f;
    for (let i = 1; i < field.length; i++) n = n * 256 + field[i]!;
    return n;
  }
  const text = String.fromCharCode(...field)
    .replace(/\0.*$/su, '')
    .trim();
  const n = text === '' ? 0 : Number.parseInt(text, 8);
  if (!Number.isSafeInteger(n) || n < 0 || !/^[0-7]*$/u.test(text)) {
    throw new TarFormatError(`invalid size in tar header at offset ${offset}`);
  }
  return n;
}

function checksumMatches(header: Uint8Array): boolean {
  const text = String.fromCharCode(...header.subarray(148, 156))
    .replace(/\0.*$/su, '')
    .trim();
  const stored = Number.parseInt(text, 8);
  let sum = 0;
  for (let i = 0; i < BLOCK; i++) sum += i >= 148 && i < 156 ? 32 : header[i]!;
  return stored === sum;
}

/** Pax records: `<length> <key>=<value>\n`, repeated; the length counts bytes. */
function paxRecords(decoder: TextDecoder, data: Uint8Array): Map<string, string> {
  const out = new Map<string, string>();
  let at = 0;
  while (at < data.length) {
    const space = data.indexOf(0x20, at);
    if (space === -1) break;
    const length = Number.parseInt(decoder.decode(data.subarray(at, space)), 10);
    if (!Number.isSafeInteger(length) || at + length <= space || at + length > data.length) break;
    const record = decoder.decode(data.subarray(space + 1, at + length - 1));
    const eq = record.indexOf('=');
    if (eq !== -1) out.set(record.slice(0, eq), record.slice(eq + 1));
    at += length;
  }
  return out;
}
