import { Document, visit, type ScalarTag } from 'yaml';

/**
 * Plain-scalar patterns that YAML 1.2 (the `yaml` library, kustomize) or YAML 1.1 (kubectl's
 * parser) reads as something other than a string: `true`, `yes`, `on`, `y`, `null`, `0777`,
 * `0o12`, `1_000`, `.inf`, `12:30`, `2024-01-01`, `<<`, … Strings like these are quoted, so
 * `ferry render | kubectl apply -f -` means what Ferry rendered, as `kubectl kustomize` does.
 */
const NON_STRING_PLAIN = ['1.1', '1.2'].flatMap((version) =>
  new Document(null, { version: version as '1.1' | '1.2' }).schema.tags
    .filter((tag): tag is ScalarTag => 'test' in tag && tag.test instanceof RegExp)
    .map((tag) => tag.test!),
);

/**
 * The patterns above as one regular expression, so that a string is tested once rather than
 * 22 times; they have no flags and no back-references, which joining them would change.
 */
const ANY_NON_STRING_PLAIN = NON_STRING_PLAIN.every(
  (t) => t.flags === '' && !/\\(?:[1-9]|k<)/u.test(t.source),
)
  ? new RegExp(NON_STRING_PLAIN.map((t) => `(?:${t.source})`).join('|'), '')
  : undefined;

const readsAsOtherThanString = (s: string): boolean =>
  ANY_NON_STRING_PLAIN?.test(s) ?? NON_STRING_PLAIN.some((t) => t.test(s));

/** Multi-document YAML of `objects`, read the same way by YAML 1.2 and YAML 1.1 parsers. */
export function manifestsToYaml(objects: readonly unknown[]): string {
  return objects
    .map((obj) => {
      try {
        return emitDocument(obj);
      } catch (err) {
        if (!(err instanceof Unsupported)) throw err;
        return libraryYaml(obj);
      }
    })
    .join('---\n');
}

/**
 * The `yaml` library's output, with strings that would read otherwise double-quoted: for
 * values the fast emitter below leaves to it (non-finite numbers, odd strings, …).
 */
function libraryYaml(obj: unknown): string {
  const doc = new Document(obj);
  visit(doc, {
    Scalar(_key, node) {
      if (typeof node.value === 'string' && readsAsOtherThanString(node.value)) {
        node.type = 'QUOTE_DOUBLE';
      }
    },
  });
  return doc.toString({ lineWidth: 0 });
}

class Unsupported extends Error {}

/**
 * Block-style YAML for JSON-like data, laid out as the `yaml` library lays it out (two-space
 * indents, sequences indented under their key, literal blocks for multi-line text) but in
 * one pass: rendered manifests are plain maps, lists, strings, numbers and booleans, and a
 * cold `ferry render` spends much of its time printing them.
 */
function emitDocument(value: unknown): string {
  if (isMap(value) && Object.keys(value).length > 0) {
    const out: string[] = [];
    emitMap(value, 0, out);
    return out.join('');
  }
  return `${inline(value)}\n`;
}

const isMap = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && Object.getPrototypeOf(v) === Object.prototype;

const isEmptyCollection = (v: unknown): boolean =>
  (Array.isArray(v) && v.length === 0) || (isMap(v) && Object.keys(v).length === 0);

function emitMap(map: Record<string, unknown>, indent: number, out: string[], first = ''): void {
  let pad = first;
  for (const [key, value] of Object.entries(map)) {
    if (value === undefined) throw new Unsupported();
    const k = `${pad}${keyText(key)}:`;
    pad = ' '.repeat(indent);
    emitEntryValue(k, value, indent, out);
  }
}

/** `prefix` is `key:` or `-`; the value goes after it, or on the lines below. */
function emitEntryValue(prefix: string, value: unknown, indent: number, out: string[]): void {
  if (isEmptyCollection(value) || !(Array.isArray(value) || isMap(value))) {
    out.push(`${prefix} ${scalarText(value, indent + 2)}\n`);
  } else if (Array.isArray(value)) {
    out.push(`${prefix}\n`);
    emitSeq(value, indent + 2, out);
  } else {
    out.push(`${prefix}\n`);
    emitMap(value as Record<string, unknown>, indent + 2, out, ' '.repeat(indent + 2));
  }
}

function emitSeq(items: readonly unknown[], indent: number, out: string[]): void {
  const pad = ' '.repeat(indent);
  for (const item of items) {
    if (item === undefined) throw new Unsupported();
    if (isMap(item) && Object.keys(item).length > 0) {
      emitMap(item, indent + 2, out, `${pad}- `);
    } else if (Array.isArray(item) && item.length > 0) {
      out.push(`${pad}-\n`);
      emitSeq(item, indent + 2, out);
    } else {
      out.push(`${pad}- ${scalarText(item, indent + 2)}\n`);
    }
  }
}

function inline(value: unknown): string {
  if (isEmptyCollection(value)) return Array.isArray(value) ? '[]' : '{}';
  return scalarText(value, 0);
}

/** A scalar (or empty collection) after `key:` or `-`; multi-line text is a `|` block. */
function scalarText(value: unknown, indent: number): string {
  if (value === null) return 'null';
  if (isEmptyCollection(value)) return Array.isArray(value) ? '[]' : '{}';
  switch (typeof value) {
    case 'boolean':
      return String(value);
    case 'number':
      if (!Number.isFinite(value) || Object.is(value, -0)) throw new Unsupported();
      return String(value);
    case 'string':
      return stringText(value, indent);
    default:
      throw new Unsupported();
  }
}

/** Characters a plain scalar may hold here; others (and `: `, ` #`) need quotes. */
const PLAIN = /^[A-Za-z0-9_./][A-Za-z0-9_./@=+:,~%'()\- ]*$/u;
/** Characters that YAML prints only escaped (C0 and C1 controls but tab and newline, …). */
function hasControl(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x20 && c !== 0x09 && c !== 0x0a) return true;
    if ((c >= 0x7f && c <= 0x9f) || c === 0x2028 || c === 0x2029 || c === 0xfeff) return true;
  }
  return false;
}

function isPlain(s: string): boolean {
  return (
    PLAIN.test(s) &&
    !s.startsWith('..') &&
    !s.endsWith(' ') &&
    !s.endsWith(':') &&
    !s.includes(': ') &&
    !s.includes(' #') &&
    !readsAsOtherThanString(s)
  );
}

function keyText(key: string): string {
  if (isPlain(key)) return key;
  if (hasControl(key) || key.includes('\n')) throw new Unsupported();
  return JSON.stringify(key);
}

function stringText(s: string, indent: number): string {
  if (isPlain(s)) return s;
  if (hasControl(s)) throw new Unsupported();
  if (!s.includes('\n')) return JSON.stringify(s);
  return literalBlock(s, indent);
}

/** `|` keeps one final newline, `|-` none, `|+` several; lines are indented below the key. */
function literalBlock(s: string, indent: number): string {
  const body = s.replace(/\n+$/u, '');
  const trailing = s.length - body.length;
  const lines = body.split('\n');
  if (
    body === '' ||
    (lines.find((line) => line !== '') ?? '').startsWith(' ') ||
    lines.some((line) => line.endsWith(' ') || line.endsWith('\t') || line.includes('\r'))
  ) {
    throw new Unsupported();
  }
  const chomp = trailing === 0 ? '-' : trailing === 1 ? '' : '+';
  const pad = ' '.repeat(indent);
  const text = lines.map((line) => (line === '' ? '' : `${pad}${line}`)).join('\n');
  return `|${chomp}\n${text}${'\n'.repeat(Math.max(trailing - 1, 0))}`;
}
