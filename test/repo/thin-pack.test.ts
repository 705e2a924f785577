import { describe, expect, it } from 'vitest';
import { askForThinPack, capabilitiesOf } from '../../src/repo/thin-pack.js';

const pkt = (line: string): string => (line.length + 4).toString(16).padStart(4, '0') + line;
const OID = 'a'.repeat(40);
const BASE = 'b'.repeat(40);

describe('askForThinPack', () => {
  it('adds thin-pack to the capabilities of the first want and keeps the rest', () => {
    const rest = `${pkt(`want ${BASE}\n`)}${pkt('deepen 1\n')}0000${pkt(`have ${BASE}\n`)}${pkt('done\n')}`;
    const body = Buffer.from(`${pkt(`want ${OID} ofs-delta side-band-64k\n`)}${rest}`);
    expect(askForThinPack(body).toString()).toBe(
      `${pkt(`want ${OID} ofs-delta side-band-64k thin-pack\n`)}${rest}`,
    );
  });

  it.each([
    ['already asks for it', `${pkt(`want ${OID} thin-pack ofs-delta\n`)}0000`],
    ['asks for no capability', `${pkt(`want ${OID}\n`)}0000`],
    ['wants nothing', `0000${pkt('done\n')}`],
    ['is not pkt-lines', 'hello, world'],
    ['is cut short', `${pkt(`want ${OID} ofs-delta\n`)}`.slice(0, 30)],
  ])('leaves a request that %s as it is', (_, text) => {
    expect(askForThinPack(Buffer.from(text)).toString()).toBe(text);
  });
});

describe('capabilitiesOf', () => {
  it('reads the capabilities after the first ref of an advertisement', () => {
    const first = `${OID} HEAD\0multi_ack thin-pack shallow symref=HEAD:refs/heads/main\n`;
    const text = `${pkt('# service=git-upload-pack\n')}0000${pkt(first)}${pkt(`${OID} refs/heads/main\n`)}0000`;
    expect(capabilitiesOf(Buffer.from(text))).toEqual([
      'multi_ack',
      'thin-pack',
      'shallow',
      'symref=HEAD:refs/heads/main',
    ]);
  });

  it('finds none in a body that lists none', () => {
    expect(capabilitiesOf(Buffer.from(`${pkt(`${OID} HEAD\n`)}0000`))).toEqual([]);
  });
});
