import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { sha256Hex } from '../../../src/render/kustomize/sha256.js';

const nodeSha256 = (text: string): string => createHash('sha256').update(text).digest('hex');

describe('sha256Hex', () => {
  it('gives the FIPS 180-4 digests of the standard messages', () => {
    expect(sha256Hex('')).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
    expect(sha256Hex('abc')).toBe(
      'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad',
    );
    expect(sha256Hex('abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq')).toBe(
      '248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1',
    );
  });

  it('agrees with node:crypto on every length across block boundaries, and on UTF-8', () => {
    const texts: string[] = [];
    for (let n = 0; n <= 300; n++) texts.push('x'.repeat(n));
    for (let n = 0; n < 200; n++) texts.push(`{"data":{"k${n}":"é€😀\\n${'y'.repeat(n)}"}}`);
    for (const text of texts) expect(sha256Hex(text), text).toBe(nodeSha256(text));
  });
});
