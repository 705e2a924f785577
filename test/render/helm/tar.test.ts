import { describe, expect, it } from 'vitest';
import { readTar } from '../../../src/render/helm/chart/tar.js';
import { paxRecord, writeTar } from './support/tar-writer.js';

const text = (data: Uint8Array): string => new TextDecoder().decode(data);

describe('readTar', () => {
  it('reads regular files and skips directories and links', () => {
    const entries = readTar(
      writeTar([
        { name: 'app/', type: '5' },
        { name: 'app/Chart.yaml', data: 'name: app\n' },
        { name: 'app/link', type: '2' },
        { name: 'app/empty.txt' },
        { name: 'app/big.bin', data: new Uint8Array(1500).fill(7) },
      ]),
    );
    expect(entries.map((e) => [e.name, e.data.length])).toEqual([
      ['app/Chart.yaml', 10],
      ['app/empty.txt', 0],
      ['app/big.bin', 1500],
    ]);
    expect(text(entries[0]!.data)).toBe('name: app\n');
    expect(entries[2]!.data.every((b) => b === 7)).toBe(true);
  });

  it('joins the ustar prefix, and applies GNU long names and pax paths to the next entry', () => {
    const long = `app/${'d'.repeat(90)}/${'f'.repeat(90)}.yaml`;
    const entries = readTar(
      writeTar([
        { name: 'templates/x.yaml', prefix: 'app', data: 'x' },
        { name: '././@LongLink', type: 'L', data: `${long}\0` },
        { name: long.slice(0, 99), data: 'gnu' },
        {
          name: 'PaxHeaders/y',
          type: 'x',
          data: paxRecord('path', `${long}é`) + paxRecord('mtime', '1'),
        },
        { name: 'truncated', data: 'pax' },
        { name: 'app/after.txt', data: 'plain' },
      ]),
    );
    expect(entries.map((e) => [e.name, text(e.data)])).toEqual([
      ['app/templates/x.yaml', 'x'],
      [long, 'gnu'],
      [`${long}é`, 'pax'],
      ['app/after.txt', 'plain'],
    ]);
  });

  it('rejects a corrupt header and a truncated entry', () => {
    const tar = writeTar([{ name: 'app/a', data: 'abc' }]);
    const corrupt = tar.slice();
    corrupt[0] = 'b'.charCodeAt(0);
    expect(() => readTar(corrupt)).toThrow(/invalid tar header at offset 0/u);
    expect(() => readTar(tar.subarray(0, 512 + 1).slice())).toThrow(
      /truncated tar entry at offset 0/u,
    );
  });
});
