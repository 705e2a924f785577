import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { resolveCoreScalar } from '../../src/render/core-schema.js';
import { parseSimpleYamlStream, UNSUPPORTED } from '../../src/render/fast-yaml.js';
import { parseManifests, parseManifestsFully } from '../../src/render/manifest-parser.js';

const ROOT = path.resolve(import.meta.dirname, '../..');

/** Every YAML file under test/fixtures and charts/ferry, whole (many are multi-document). */
async function corpus(): Promise<string[]> {
  const files: string[] = [];
  const walk = async (dir: string): Promise<void> => {
    for (const e of await readdir(dir, { withFileTypes: true })) {
      const full = path.join(dir, e.name);
      if (e.isDirectory()) await walk(full);
      else if (/\.ya?ml$/u.test(e.name)) files.push(await readFile(full, 'utf8'));
    }
  };
  await walk(path.join(ROOT, 'test/fixtures'));
  await walk(path.join(ROOT, 'charts/ferry'));
  return files;
}

/** Key order counts (it is the order `ferry render` prints), and so do -0, NaN and ±Infinity. */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    typeof v === 'number' ? `number:${Object.is(v, -0) ? '-0' : String(v)}` : v,
  );
}

function outcome(parse: typeof parseManifests, text: string): unknown {
  try {
    const parsed = parse('m.yaml', text);
    return { value: canonical(parsed), parsed };
  } catch (err) {
    return { error: (err as Error).message, data: (err as { data?: unknown }).data };
  }
}

function expectSameAsLibrary(text: string): void {
  expect(outcome(parseManifests, text), JSON.stringify(text)).toEqual(
    outcome(parseManifestsFully, text),
  );
}

const obj = (body: string): string =>
  `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x}\n${body}`;

const CASES = [
  // Scalars and keys.
  "a: 1\nb: \"two\"\nc: 'it''s'\nd: yes\ne: ~\nf:\ng: 0777\nh: 1_000\ni: .inf\nj: 2024-01-01",
  'a: 9007199254740993\nb: 0x1F\nc: 1e3\nd: +1\ne: 190:20:30\nf: .NaN\ng: Yes\nh: nO\ni: -0\nj: 0o17',
  'a: 1.0\nb: 1.\nc: .5\nd: -.inf\ne: +.5e-3\nf: 0b101\ng: 08\nh: 1__0\ni: 0x\nj: 1e\nk: NULL\nl: TRUE',
  'image: nginx:1.25\nurl: http://x.y/z?a=b#frag\ncmd: --port=8080\nneg: -1\ndash: -\n',
  'a: =\nb: ?x\nc: "?"\nd: \':\'\ne: <<\nf: -x\ng: --\nh: .\ni: ..\nj: +\nk: [-]',
  'a: "esc \\" \\\\ \\n \\u00e9"\nb: "\\x41"\nc: "\\t"\nd: \'\'\ne: ""\n',
  'a: x\u00a0\nb: \u00a0y\n\u00a0c: 1\nd: "\u2028"\ne: \u2028\nf: caf\u00e9',
  'a: x\ufeff\nb: 1',
  '\ufeffa: 1',
  'a: \u0007',
  'a: \u0085x',
  '"quoted key": 1\n\'single\': 2\n"9": 3\n"a:b": 4\n"": 5',
  'key with space: 1',
  'y: 1\non: 2',
  '__proto__: 1',
  'constructor: 1\ntoString: 2',
  '<<: {a: 1}\nb: 2',
  `${'k'.repeat(1100)}: 1`,
  'a: 1 #c\nb: x#y\nc: \'#\'\nd: "x" # c\ne: "x"#c',
  // Structure.
  'list:\n- a\n- 1\n-\n- - nested\n  - more\n- {}\n- []\n- k: v\n  k2: v2\n',
  'a:\n  - x: 1\n    y:\n      - z\n  -   w: 2\nb: c # comment\n# full comment\nd: "q" # c',
  'a:\n-\n  b: 1\n- c\n',
  'a: 1\na: 2',
  'a: 1\n"a": 2',
  'a: &x 1\nb: *x',
  'a: !!str 1',
  'a: plain\n  continued\n',
  'a: b: c',
  'a:b',
  '? complex\n: key',
  '  indented: 1\n  doc: 2',
  'a:\n  b: 1\n c: 2',
  '- a\nb: 1',
  'a: 1\n- b',
  'just a scalar',
  '- just\n- a list',
  '',
  '# only a comment',
  'a: "unterminated',
  "a: 'unterminated",
  'a: "x" y',
  // Flow collections.
  'a: {b: 1}\nc: [1, 2]',
  'a: {b: 1, c: [x, "y", {d: nginx:1.25}], e: {}, f: [ ]}\n- z',
  'a: {b: c:}\nd: {e: f:g}\nh: [i:, j]\nk: {l: m, n: yes, o: 010, p: ~, q: -.inf}',
  'a: {b: 1,}\nc: [1,]\nd: {e}\nf: {"g": 1}\nh: [\'x\', "y\\u0041"] # c\ni: [x] y',
  'a: [{b: 1}, [2, [3]], {}]\n- { b: c }',
  '- {a: 1, b: x}\n- [1, 2]\n-   {c: d}',
  'a: { b: http://x:80/y }\nc: [ http://x, "," ]\nd: {e: "}"}',
  'a: {b: 1,\n  c: 2}',
  // Tabs and line ends.
  'a:\n\tb: 1',
  'a: 1\t\nb: 2',
  'a:\t1',
  'a: "x\ty"',
  '\t# c\na: 1',
  '# c\ta\na: 1',
  'a: 1\r\nb: 2',
  // Literal and folded block scalars.
  'a: |\n  text\n  more\n',
  'a: |-\n  text\n\n  more\n\n\nb: 1',
  'a: |+\n  text\n\n',
  'a: >-\n  folded\n',
  'a: |2\n   x',
  'a: | # c\n  x\nb: |-  # c\n  y',
  'a: |#c\n  x',
  'a: |\n',
  'a: |\nb: 1',
  'a: |\n\n\nb: 1',
  'a: |\n  x\n\n  y\n\n\nb: 1',
  'a: |\n  x\n   \n',
  'a: |\n  x\n     \n  y',
  'a: |\n\n  x',
  'a: |\n   \n  x',
  'a: |\n  # c\n  x\n# d\n',
  'a: |\n  x\n # d\n  y\n',
  'a: |\n  x\n b: 1\n',
  'a: |\n  x  \n  y\n',
  'a: |\n    deep\n  shallow\n',
  'a: |\n  x\n\tb: 1',
  'a: |\n  \tx\n  y\t\n',
  'a: |\n  x\n  \t\n  y',
  'a: |\n  x\n \t\nb: 1',
  'a: |\n  ---\n  ...\n  %x\n',
  'a: |\n  {{ .Values }}\n  "q": \'r\'\n  - item\n',
  '- |\n text\n- |-\n  more\n-  |\n   x\n',
  '- key: |\n  text\n',
  '- key: |\n   text\n  other: 1\n',
  'a:\n- |\n x\n',
  'a:\n  b: |\n    x\n  c: |\n   y\n',
  'a: |\n  x\nb',
  'a: x |\n  y',
  'a: [|]',
  // Streams.
  '---\na: 1\n---\n# c\n---\nb: 2\n',
  'a: 1\n---\nb: 2\n...\n',
  '--- # c\na: 1\n---   \nb: 2',
  '--- {a: 1}',
  '--- |\n  x',
  '---x\na: 1',
  '%YAML 1.2\n---\na: 1',
  'a: 1\n--- \n\n---\n',
  '---\n---\n',
  'a: 1\n---\nb: [\n---\nc: 1',
  'a: "x\n---\ny"',
  // Documents that are not Kubernetes objects warn with their line.
  'a: 1\n---\n\n# c\n  b: 2\n---\n- x\n',
  `${obj('data: {a: "1"}')}---\n${obj('data:\n  k: |\n    v\n')}---\nkind: List\napiVersion: v1\nitems:\n- ${obj('').replaceAll('\n', '\n  ')}`,
  `kind: ConfigMapList\napiVersion: v1\nitems:\n- metadata: {name: a}\n- 7\n`,
];

describe('the fast YAML path for manifests', () => {
  it.each(CASES.map((c) => [JSON.stringify(c).slice(0, 60), c]))(
    'reads %s as the YAML library does',
    (_, text) => {
      expectSameAsLibrary(text);
    },
  );

  it('agrees with the YAML library on every fixture file, and handles most of them', async () => {
    const files = await corpus();
    expect(files.length).toBeGreaterThan(100);
    let fast = 0;
    for (const text of files) {
      expectSameAsLibrary(text);
      if (parseSimpleYamlStream(text, resolveCoreScalar) !== UNSUPPORTED) fast++;
    }
    expect(fast / files.length).toBeGreaterThan(0.5);
  });

  it('agrees with the YAML library on fixture files with characters changed', async () => {
    const files = (await corpus()).filter((t) => t.length < 4000);
    const random = seeded(42);
    const alphabet = [' ', '  ', '\n', '-', ':', ': ', '#', ' #', '|', '|-', '"', "'", '{', '}'];
    alphabet.push('[', ']', ',', '\t', '---\n', '- ', '\n  ', '\n- ', 'x', '0', '~', '&a', '*a');
    for (let n = 0; n < 3000; n++) {
      const text = files[Math.floor(random() * files.length)]!;
      const at = Math.floor(random() * text.length);
      const cut = random() < 0.3 ? Math.ceil(random() * 3) : 0;
      const insert = random() < 0.8 ? alphabet[Math.floor(random() * alphabet.length)]! : '';
      expectSameAsLibrary(text.slice(0, at) + insert + text.slice(at + cut));
    }
  });

  it('takes the fast path for plain manifests, literal text and comments', () => {
    const texts = [
      obj('data:\n  script: |\n    #!/bin/sh\n\n    echo "$1"\t# done\n  other: |-\n    x\n'),
      `# leading comment\n---\n${obj('data: {a: "1", b: x}\n')}---\n${obj('')}`,
      'a:\n- b: 1\n  c: [x, {d: 2}]\n- |\n  text\n',
    ];
    for (const text of texts) {
      expect(parseSimpleYamlStream(text, resolveCoreScalar), text).not.toBe(UNSUPPORTED);
      expectSameAsLibrary(text);
    }
  });

  it('leaves anchors, tags, folded and kept text, and multi-line flows to the library', () => {
    const texts = ['a: &x 1', 'a: !!str 1', 'a: >\n  t', 'a: |+\n  t', 'a: {b: 1,\n  c: 2}'];
    for (const text of texts) {
      expect(parseSimpleYamlStream(text, resolveCoreScalar)).toBe(UNSUPPORTED);
    }
  });
});

describe('core schema scalars', () => {
  const SCALARS = [
    ...['0', '-0', '+0', '007', '12', '-12', '+12', '1_0', '0o7', '0o8', '0O7', '0x1f', '0X1F'],
    ...['0xg', '1.5', '-1.5', '.5', '5.', '1e5', '1E-5', '.5e5', '5.e5', '1e', 'e5', '1.2.3'],
    ...['.inf', '-.Inf', '+.INF', '.nan', '.NaN', '.NAN', 'inf', 'nan', '.Nan', '-.nan'],
    ...['null', 'Null', 'NULL', 'nULL', '~', 'true', 'True', 'TRUE', 'tRUE', 'false', 'FALSE'],
    ...['yes', 'no', 'on', 'off', 'y', 'n', '2024-01-01', '12:30', '1:2:3', '9007199254740993'],
    ...['123456789012345678901234567890', '0.1e400', '-1e400', '1e-400', '=', '<<', '-', '--'],
  ];

  it.each(SCALARS)('%s reads as the YAML library reads it', (text) => {
    for (const doc of [`a: ${text}\n`, `a: [${text}]\n`, `a: {b: ${text}}\n`, `- ${text}\n`]) {
      expectSameAsLibrary(doc);
    }
  });

  it('leaves text that is not a scalar on its own to the library', () => {
    for (const text of ['-', '- x', '<<', '']) expect(resolveCoreScalar(text)).toBe(UNSUPPORTED);
  });
});

/** A small deterministic PRNG (mulberry32), so that a failure reproduces. */
function seeded(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
