import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseSimpleYaml, UNSUPPORTED } from '../../../src/render/fast-yaml.js';
import { splitManifests } from '../../../src/render/helm/chart/manifests.js';
import { parseGoYaml, parseGoYamlFully } from '../../../src/render/helm/yaml-codec.js';

const fixtures = path.resolve(import.meta.dirname, '../../fixtures');

/** Every YAML document under test/fixtures, and the files of charts/ferry. */
async function corpus(): Promise<string[]> {
  const docs: string[] = [];
  const walk = async (dir: string): Promise<void> => {
    for (const e of await readdir(dir, { withFileTypes: true })) {
      const full = path.join(dir, e.name);
      if (e.isDirectory()) await walk(full);
      else if (/\.ya?ml$/u.test(e.name)) docs.push(...splitManifests(await readFile(full, 'utf8')));
    }
  };
  await walk(fixtures);
  await walk(path.resolve(import.meta.dirname, '../../../charts/ferry/crds'));
  docs.push(
    await readFile(path.resolve(import.meta.dirname, '../../../charts/ferry/values.yaml'), 'utf8'),
  );
  return docs;
}

function outcome(parse: (text: string) => unknown, text: string): unknown {
  try {
    return { value: parse(text) };
  } catch (err) {
    return { error: (err as Error).message };
  }
}

const stubResolver = (text: string): unknown => {
  const v = outcome(parseGoYamlFully, text) as { value?: unknown };
  return 'value' in v && (typeof v.value !== 'object' || v.value === null) ? v.value : UNSUPPORTED;
};

const CASES = [
  "a: 1\nb: \"two\"\nc: 'it''s'\nd: yes\ne: ~\nf:\ng: 0777\nh: 1_000\ni: .inf\nj: 2024-01-01",
  'list:\n- a\n- 1\n-\n- - nested\n  - more\n- {}\n- []\n- k: v\n  k2: v2\n',
  'a:\n  - x: 1\n    y:\n      - z\n  -   w: 2\nb: c # comment\n# full comment\nd: "q" # c',
  'image: nginx:1.25\nurl: http://x.y/z?a=b#frag\ncmd: --port=8080\nneg: -1\ndash: -\n',
  'a: "esc \\" \\\\ \\n \\u00e9"\nb: "\\x41"\nc: "\\t"\nd: \'\'\ne: ""\n',
  'a: 1\na: 2',
  'a: &x 1\nb: *x',
  'a: !!str 1',
  'a: |\n  text\n  more\n',
  'a: >-\n  folded\n',
  'a: plain\n  continued\n',
  'a: {b: 1}',
  'a: [1, 2]',
  '<<: {a: 1}',
  '? complex\n: key',
  'y: 1\non: 2',
  '"quoted key": 1\n\'single\': 2\n"9": 3',
  '__proto__: 1',
  'a: b: c',
  'a:b',
  'a:\n\tb: 1',
  'a: 1\r\nb: 2',
  '  indented: 1\n  doc: 2',
  'a:\n  b: 1\n c: 2',
  '- a\nb: 1',
  'a: 1\n- b',
  'just a scalar',
  '',
  '# only a comment',
  'a: "unterminated',
  "a: 'unterminated",
  'a: "x" y',
  'a: "x"#c',
  'key with space: 1',
  "a: 1 #c\nb: x#y\nc: '#'",
  'a:\n-\n  b: 1\n- c\n',
  'a: 9007199254740993\nb: 0x1F\nc: 1e3\nd: +1\ne: 190:20:30\nf: .NaN\ng: Yes\nh: nO',
  'a: =\nb: ?x\nc: "?"\nd: \':\'',
  'a: {b: 1, c: [x, "y", {d: nginx:1.25}], e: {}, f: [ ]}\n- z',
  'a: {b: 1, c: [x, "y", {d: nginx:1.25}], e: {}, f: [ ]}\ng: [a: 1]',
  'a: {b: c:}\nd: {e: f:g}\nh: [i:, j]\nk: {l: m, n: yes, o: 010, p: ~, q: -.inf}',
  'a: {b: 1,}\nc: [1,]\nd: {e}\nf: {"g": 1}\nh: [\'x\', "y\\u0041"] # c\ni: [x] y',
  'a: [{b: 1}, [2, [3]], {}]\n- { b: c }',
  '- {a: 1, b: x}\n- [1, 2]\n-   {c: d}',
  'a: |\n  x\n\n  yes: 1\n\n\nb: |-\n  0777\n  # c\nc:\n- |\n  z\n',
  'a: |\n  x\n b: 1\n',
  'a:\n  {b: 1}\nc:\n  - [d]',
  'a: { b: http://x:80/y }\nc: [ http://x, "," ]\nd: {e: "}"}',
];

describe('the fast YAML path', () => {
  it.each(CASES.map((c) => [JSON.stringify(c).slice(0, 60), c]))(
    'reads %s as the YAML library does',
    (_, text) => {
      expect(outcome(parseGoYaml, text)).toEqual(outcome(parseGoYamlFully, text));
    },
  );

  it('agrees with the YAML library on every fixture document, and handles most of them', async () => {
    const docs = await corpus();
    expect(docs.length).toBeGreaterThan(200);
    let fast = 0;
    for (const doc of docs) {
      expect(outcome(parseGoYaml, doc), doc).toEqual(outcome(parseGoYamlFully, doc));
      if (parseSimpleYaml(doc, stubResolver) !== UNSUPPORTED) fast++;
    }
    expect(fast / docs.length).toBeGreaterThan(0.5);
  });

  it('reads one-line flow collections', () => {
    expect(
      parseSimpleYaml('a: {b: 1, c: [x, "y", {d: nginx:1.25}], e: {}}\n- z', stubResolver),
    ).toBe(UNSUPPORTED);
    expect(
      parseSimpleYaml('a: {b: 1, c: [x, "y", {d: nginx:1.25}], e: {}}\nf: [ ]', stubResolver),
    ).toEqual({ a: { b: 1, c: ['x', 'y', { d: 'nginx:1.25' }], e: {} }, f: [] });
  });

  it('reads literal block scalars', () => {
    expect(parseSimpleYaml('a: |\n  t\n\n  u\nb: |-\n  v\n', stubResolver)).toEqual({
      a: 't\n\nu\n',
      b: 'v',
    });
  });

  it('leaves anchors, folded text, multi-line flows and duplicates to the library', () => {
    const texts = ['a: &x 1', 'a: >\n  t', 'a: {b: 1,\n  c: 2}', 'a: [1,]', 'a: 1\na: 2'];
    for (const text of texts) {
      expect(parseSimpleYaml(text, stubResolver)).toBe(UNSUPPORTED);
    }
  });
});
