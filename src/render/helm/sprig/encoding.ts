import { createHash } from 'node:crypto';
import { argString, def, type FuncMap } from '../template/funcs.js';
import { FuncError } from '../template/go-value.js';
import { strval } from './convert.js';

const B32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

function b32enc(s: string): string {
  const bytes = Buffer.from(s, 'utf8');
  let bits = 0;
  let value = 0;
  let out = '';
  for (const b of bytes) {
    value = (value << 8) | b;
    bits += 8;
    while (bits >= 5) {
      out += B32[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  if (bits > 0) out += B32[(value << (5 - bits)) & 31];
  while (out.length % 8 !== 0) out += '=';
  return out;
}

function b32dec(s: string): string {
  const clean = s.replace(/=+$/u, '');
  let bits = 0;
  let value = 0;
  const out: number[] = [];
  for (const c of clean) {
    const i = B32.indexOf(c);
    if (i < 0) return `illegal base32 data at input byte ${s.indexOf(c)}`;
    value = (value << 5) | i;
    bits += 5;
    if (bits >= 8) {
      out.push((value >>> (bits - 8)) & 255);
      bits -= 8;
    }
  }
  return Buffer.from(out).toString('utf8');
}

function b64dec(s: string): string {
  if (!/^[A-Za-z0-9+/]*={0,2}$/u.test(s) || s.length % 4 !== 0) {
    const bad = [...s].findIndex((c) => !/[A-Za-z0-9+/=]/u.test(c));
    return `illegal base64 data at input byte ${bad < 0 ? s.length - (s.length % 4) : bad}`;
  }
  return Buffer.from(s, 'base64').toString('utf8');
}

function adler32(s: string): number {
  let a = 1;
  let b = 0;
  for (const byte of Buffer.from(s, 'utf8')) {
    a = (a + byte) % 65521;
    b = (b + a) % 65521;
  }
  return ((b << 16) | a) >>> 0;
}

/** Sprig's encoding and hashing functions; key generation is not supported. */
export function encodingFuncs(random: () => number): FuncMap {
  const unsupported = (name: string) =>
    def(0, Infinity, () => {
      throw new FuncError(`${name} is not supported by Ferry's Helm renderer`);
    });
  return {
    b64enc: def(1, 1, (a) => Buffer.from(strval(a[0]), 'utf8').toString('base64')),
    b64dec: def(1, 1, (a) => b64dec(strval(a[0]))),
    b32enc: def(1, 1, (a) => b32enc(strval(a[0]))),
    b32dec: def(1, 1, (a) => b32dec(strval(a[0]))),
    sha1sum: def(1, 1, (a) => createHash('sha1').update(argString(a[0])).digest('hex')),
    sha256sum: def(1, 1, (a) => createHash('sha256').update(argString(a[0])).digest('hex')),
    sha512sum: def(1, 1, (a) => createHash('sha512').update(argString(a[0])).digest('hex')),
    adler32sum: def(1, 1, (a) => String(adler32(argString(a[0])))),
    uuidv4: def(0, 0, () => {
      const bytes = Array.from({ length: 16 }, () => Math.floor(random() * 256));
      bytes[6] = (bytes[6]! & 0x0f) | 0x40;
      bytes[8] = (bytes[8]! & 0x3f) | 0x80;
      const hex = bytes.map((b) => b.toString(16).padStart(2, '0')).join('');
      return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
    }),
    htpasswd: unsupported('htpasswd'),
    genPrivateKey: unsupported('genPrivateKey'),
    genCA: unsupported('genCA'),
    genCAWithKey: unsupported('genCAWithKey'),
    genSelfSignedCert: unsupported('genSelfSignedCert'),
    genSelfSignedCertWithKey: unsupported('genSelfSignedCertWithKey'),
    genSignedCert: unsupported('genSignedCert'),
    genSignedCertWithKey: unsupported('genSignedCertWithKey'),
    derivePassword: unsupported('derivePassword'),
    encryptAES: unsupported('encryptAES'),
    decryptAES: unsupported('decryptAES'),
    bcrypt: unsupported('bcrypt'),
  };
}
