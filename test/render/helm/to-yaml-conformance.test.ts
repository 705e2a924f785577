import { describe, expect, it } from 'vitest';
import { renderHelmChart } from '../../../src/render/helm/index.js';
import { memorySourceTree } from '../../support/fs-source-tree.js';
import { goYaml } from '../../../src/render/helm/yaml-codec.js';

/**
 * Helm's toYaml is sigs.k8s.io/yaml.Marshal: json.Marshal, then go-yaml v2 (2.4) decodes the
 * JSON and writes it again. Each row is a value and the exact bytes Go writes for it.
 */
const word = (n: number): string => Array.from({ length: n }, () => 'word').join(' ');

const CASES: [string, unknown, string][] = [
  ['a flat map', { foo: 'bar' }, 'foo: bar\n'],
  [
    'nesting: sequences are not indented under their key, maps in sequences are',
    { b: [1n, 'two', { y: 2n, x: 1n }], a: { d: null, c: true } },
    'a:\n  c: true\n  d: null\nb:\n- 1\n- two\n- x: 1\n  "y": 2\n',
  ],
  ['empty map and sequence in flow style', { m: {}, l: [] }, 'l: []\nm: {}\n'],
  ['sequences of sequences', [[1n, 2n], [], [[3n]]], '- - 1\n  - 2\n- []\n- - - 3\n'],
  [
    'a sequence in a map in a sequence in a map',
    { l: [{ a: 1n, b: ['x', 'y'] }] },
    'l:\n- a: 1\n  b:\n  - x\n  - "y"\n',
  ],
  ['root scalars', 'hello', 'hello\n'],
  ['a root number', 42n, '42\n'],
  ['null', null, 'null\n'],
  ['a root empty map', {}, '{}\n'],
  ['a root empty sequence', [], '[]\n'],
  [
    'strings YAML 1.1 reads as booleans or null are double-quoted',
    ['yes', 'Yes', 'on', 'OFF', 'y', 'N', 'true', 'False', 'null', 'Null', '~', ''],
    '- "yes"\n- "Yes"\n- "on"\n- "OFF"\n- "y"\n- "N"\n- "true"\n- "False"\n- "null"\n- "Null"\n- "~"\n- ""\n',
  ],
  [
    'strings that read as numbers are double-quoted',
    [
      '1e3',
      '0x1F',
      '0777',
      '0o17',
      '0b101',
      '08',
      '1_000',
      '.5',
      '+1',
      '-1',
      '1.',
      '3.14',
      '-2.5e-3',
    ],
    '- "1e3"\n- "0x1F"\n- "0777"\n- "0o17"\n- "0b101"\n- "08"\n- "1_000"\n- ".5"\n- "+1"\n- "-1"\n- "1."\n- "3.14"\n- "-2.5e-3"\n',
  ],
  [
    'timestamps and base-60 numbers are double-quoted, near misses are not',
    [
      '2024-01-02',
      '2024-1-2',
      '2001-12-14T21:59:43.10Z',
      '2001-12-14 21:59:43',
      '2024-02-30',
      '2001-12-14T21:59:43',
      '1:20',
      '190:20:30',
      '1:70',
      '12-34',
    ],
    '- "2024-01-02"\n- "2024-1-2"\n- "2001-12-14T21:59:43.10Z"\n- "2001-12-14 21:59:43"\n- 2024-02-30\n- 2001-12-14T21:59:43\n- "1:20"\n- "190:20:30"\n- 1:70\n- 12-34\n',
  ],
  [
    'indicators the emitter refuses in plain style are single-quoted',
    [
      '-',
      '- x',
      '-x',
      'a: b',
      'key:',
      ':x',
      '? x',
      '#x',
      'x #y',
      'x#y',
      '@x',
      '`x',
      '*x',
      '&x',
      '!x',
      '%x',
      '|x',
      '>x',
      '[x]',
      'x]',
      '{x}',
      'a,b',
      '---',
      '...x',
      '"q"',
      "'q'",
      "it's",
    ],
    "- '-'\n- '- x'\n- -x\n- 'a: b'\n- 'key:'\n- :x\n- '? x'\n- '#x'\n- 'x #y'\n- x#y\n- '@x'\n- '`x'\n- '*x'\n- '&x'\n- '!x'\n- '%x'\n- '|x'\n- '>x'\n- '[x]'\n- x]\n- '{x}'\n- a,b\n- '---'\n- '...x'\n- '\"q\"'\n- '''q'''\n- it's\n",
  ],
  [
    'leading and trailing spaces are single-quoted',
    [' lead', 'trail ', 'in side'],
    "- ' lead'\n- 'trail '\n- in side\n",
  ],
  [
    'tabs, C1 controls and characters beyond the BMP force double quotes with escapes',
    ['tab\tx', 'ünïcødé', 'smile 😀', 'nel\u0085', 'bell\u0007', 'back\\slash'],
    '- "tab\\tx"\n- ünïcødé\n- "smile \\U0001F600"\n- "nel\\N"\n- "bell\\a"\n- back\\slash\n',
  ],
  [
    'multi-line strings as literal blocks with chomping and indentation indicators',
    {
      a: 'line1\nline2',
      b: 'line1\nline2\n',
      c: 'x\n\n',
      d: '\nlead',
      e: 'trailing space \nx',
      f: 'a\n  indented',
      g: 'a\n\nb',
      h: '\n',
    },
    'a: |-\n  line1\n  line2\nb: |\n  line1\n  line2\nc: |+\n  x\n\nd: |2-\n\n  lead\ne: "trailing space \\nx"\nf: |-\n  a\n    indented\ng: |-\n  a\n\n  b\nh: |2+\n\n',
  ],
  ['literal blocks in sequences and at the root', { l: ['a\nb'] }, 'l:\n- |-\n  a\n  b\n'],
  ['a root literal block', 'a\nb', '|-\n  a\n  b\n'],
  ['lone surrogates become U+FFFD, as JSON writes them', 'a\uD800b', 'a\uFFFDb\n'],
  [
    'numbers: JSON turns integral floats into ints, other floats print as Go %g',
    {
      a: 42n,
      b: -7n,
      c: 1.5,
      d: 1e6,
      e: 1234567.5,
      f: 0.00001,
      g: 0.0001,
      h: 1e21,
      i: 9223372036854775807n,
      j: 1e19,
      k: 3e20,
      l: 100000.5,
      m: 2.5e-7,
      n: -0.5,
      o: Number('12345678901234567890'),
      p: 2 ** 63,
    },
    'a: 42\nb: -7\nc: 1.5\nd: 1000000\ne: 1.2345675e+06\nf: 1e-05\ng: 0.0001\nh: 1e+21\ni: 9223372036854775807\nj: 10000000000000000000\nk: 3e+20\nl: 100000.5\nm: 2.5e-07\n"n": -0.5\no: 12345678901234567000\np: 9223372036854776000\n',
  ],
  [
    "keys in go-yaml's order: non-letters first, digit runs by value",
    { b: 1n, a10: 1n, a2: 1n, A: 1n, _x: 1n, 'a-b': 1n, 'a.b': 1n, '1': 1n, '10': 1n, '9': 1n },
    '_x: 1\n"1": 1\n"9": 1\n"10": 1\nA: 1\na-b: 1\na.b: 1\na2: 1\na10: 1\nb: 1\n',
  ],
  [
    'keys are quoted like values',
    { '': 'x', 'a: b': 'y', yes: 'z' },
    '"": x\n\'a: b\': "y"\n"yes": z\n',
  ],
  [
    'a key over 128 bytes is written as a complex key',
    { [`${'k'.repeat(129)}`]: 1n },
    `? ${'k'.repeat(129)}\n: 1\n`,
  ],
  [
    'long plain strings fold at the first space past column 80',
    { k: word(30), long: 'x'.repeat(100) },
    `k: ${word(16)}\n  ${word(14)}\nlong: ${'x'.repeat(100)}\n`,
  ],
  [
    'long single-quoted strings fold too, and continue at the indent',
    { outer: { k: `#${word(30)}` } },
    `outer:\n  k: '#${word(15)}\n    ${word(15)}'\n`,
  ],
];

describe('toYaml conformance with sigs.k8s.io/yaml (go-yaml v2)', () => {
  it.each(CASES)('%s', (_, value, expected) => {
    expect(goYaml(value)).toBe(expected);
  });

  it('toYaml in a template: the final newline trimmed, nindent, and yes/no kept strings', async () => {
    const tree = memorySourceTree({
      'c/Chart.yaml': 'apiVersion: v2\nname: c\nversion: 1.0.0\n',
      'c/values.yaml': 'labels: {tier: "on", zone: "no"}\nports: [80, 443]\n',
      'c/templates/cm.yaml':
        'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cm\n  labels:\n    {{- toYaml .Values.labels | nindent 4 }}\ndata:\n  ports: {{ toYaml .Values.ports | quote }}\n',
    });
    const r = await renderHelmChart(tree, 'c');
    expect(r.objects[0]!.metadata.labels).toEqual({ tier: 'on', zone: 'no' });
    expect(r.objects[0]!['data']).toEqual({ ports: '- 80\n- 443' });
  });
});
