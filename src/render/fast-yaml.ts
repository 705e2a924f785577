/**
 * A fast path for the plain block YAML that manifests and templates are mostly made of: block
 * maps and sequences, single-line plain and quoted scalars, literal block scalars (`|`, `|-`)
 * and one-line flow collections. Anything else (anchors, tags, folded or kept block scalars,
 * multi-line flow collections or plain scalars, odd keys, tabs outside literal text, duplicate
 * keys, directives) returns {@link UNSUPPORTED}, and the caller falls back to the full YAML
 * library. When it does return a value, that value is what the library would return.
 */

/** The input needs the full YAML parser. */
export const UNSUPPORTED: unique symbol = Symbol('unsupported');

/**
 * Resolves a plain scalar that is not obviously a string (numbers, booleans, null, …),
 * as the caller's YAML version reads it; `UNSUPPORTED` when it is not a scalar.
 */
export type ScalarResolver = (text: string) => unknown;

/** One non-empty document of a stream, and the line (1-based) where its content starts. */
export interface SimpleDocument {
  value: unknown;
  line: number;
}

/** A line that is not blank or a comment: `text` follows the indentation, trailing spaces cut. */
interface Line {
  row: number;
  indent: number;
  text: string;
}

class Unsupported extends Error {}

/** Words YAML 1.1 reads as booleans or null; every other letter-led plain scalar is a string. */
const SPECIAL_WORDS = new Set(
  [
    'y|Y|yes|Yes|YES|n|N|no|No|NO',
    'true|True|TRUE|false|False|FALSE',
    'on|On|ON|off|Off|OFF',
    'null|Null|NULL',
  ].flatMap((s) => s.split('|')),
);
const PLAIN_KEY = /^[A-Za-z_][A-Za-z0-9_./-]*$/u;
const STRING_START = /^[A-Za-z_/]/u;
const FORBIDDEN_START = new Set([...'&*!|>%@`[]{},#?:']);
const JSON_ESCAPES = /\\(?:["\\/bfnrt]|u[0-9a-fA-F]{4})/gu;
/** Carriage returns, control characters and byte-order marks: left to the library. */
// eslint-disable-next-line no-control-regex -- control characters are what it looks for
const ODD_CHARACTERS = /[\r\0-\x08\v\f\x0e-\x1f\x7f-\x9f\ufeff\ufffe\uffff]/u;
/** `---`, alone or before a comment: a document start with nothing else on its line. */
const DOCUMENT_START = /^---(?: +(?:#.*)?)?$/u;
/** Implicit keys longer than this are an error in YAML; leave them to the library. */
const MAX_KEY_LENGTH = 1000;

/** Parses one document when it stays within the subset, else returns {@link UNSUPPORTED}. */
export function parseSimpleYaml(text: string, resolve: ScalarResolver): unknown {
  if (ODD_CHARACTERS.test(text)) return UNSUPPORTED;
  const rows = text.split('\n');
  if (rows.some(isMarkerRow)) return UNSUPPORTED;
  const doc = parseRows(rows, 0, rows.length, resolve);
  return doc === UNSUPPORTED || doc === undefined ? UNSUPPORTED : doc.value;
}

/**
 * Parses a stream of documents separated by `---` lines when every one stays within the
 * subset, else returns {@link UNSUPPORTED}. Empty documents (blank or only comments) are left
 * out: the library reads them as null.
 */
export function parseSimpleYamlStream(
  text: string,
  resolve: ScalarResolver,
): SimpleDocument[] | typeof UNSUPPORTED {
  if (ODD_CHARACTERS.test(text)) return UNSUPPORTED;
  const rows = text.split('\n');
  const docs: SimpleDocument[] = [];
  let start = 0;
  for (let row = 0; row <= rows.length; row++) {
    if (row < rows.length) {
      if (!isMarkerRow(rows[row]!)) continue;
      if (!DOCUMENT_START.test(rows[row]!)) return UNSUPPORTED;
    }
    const doc = parseRows(rows, start, row, resolve);
    if (doc === UNSUPPORTED) return UNSUPPORTED;
    if (doc !== undefined) docs.push(doc);
    start = row + 1;
  }
  return docs;
}

/** Document markers and directives: `---`, `...` and `%` at the start of a line. */
function isMarkerRow(row: string): boolean {
  return row.startsWith('---') || row.startsWith('...') || row.startsWith('%');
}

/** The document in `rows[start, end)`; undefined when it has no content. */
function parseRows(
  rows: readonly string[],
  start: number,
  end: number,
  resolve: ScalarResolver,
): SimpleDocument | undefined | typeof UNSUPPORTED {
  const lines: Line[] = [];
  for (let row = start; row < end; row++) {
    const raw = rows[row]!;
    const indent = leadingSpaces(raw);
    if (indent === raw.length || raw[indent] === '#') continue;
    lines.push({ row, indent, text: trimSpacesEnd(raw.slice(indent)) });
  }
  if (lines.length === 0) return undefined;
  try {
    const parser = new BlockParser(lines, rows, end, resolve);
    const value = parser.node(lines[0]!.indent);
    if (!parser.done()) return UNSUPPORTED;
    return { value, line: lines[0]!.row + 1 };
  } catch (err) {
    if (err instanceof Unsupported) return UNSUPPORTED;
    throw err;
  }
}

class BlockParser {
  private i = 0;

  constructor(
    private readonly lines: Line[],
    private readonly rows: readonly string[],
    private readonly end: number,
    private readonly resolve: ScalarResolver,
  ) {}

  done(): boolean {
    return this.i === this.lines.length;
  }

  /** A block collection (or a flow one on lines of its own) starting on the current line. */
  node(indent: number): unknown {
    const line = this.lines[this.i]!;
    if (line.indent !== indent) throw new Unsupported();
    if (line.text[0] === '{' || line.text[0] === '[') {
      this.i++;
      return this.inline(line.text, indent, line.row);
    }
    return isSeqItem(line.text) ? this.sequence(indent) : this.map(indent);
  }

  private map(indent: number): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    while (this.i < this.lines.length) {
      const line = this.lines[this.i]!;
      if (line.indent < indent) break;
      if (line.indent > indent || isSeqItem(line.text)) throw new Unsupported();
      const [key, rest] = splitKey(line.text);
      if (Object.hasOwn(out, key)) throw new Unsupported();
      this.i++;
      out[key] = rest === '' ? this.nested(indent, true) : this.inline(rest, indent, line.row);
    }
    return out;
  }

  private sequence(indent: number): unknown[] {
    const out: unknown[] = [];
    while (this.i < this.lines.length) {
      const line = this.lines[this.i]!;
      if (line.indent < indent) break;
      if (line.indent > indent) throw new Unsupported();
      if (!isSeqItem(line.text)) break;
      const rest = trimSpacesStart(line.text.slice(1));
      if (rest === '') {
        this.i++;
        out.push(this.nested(indent, false));
      } else if (isSeqItem(rest) || isMapEntry(rest)) {
        // "- key: v" or "- - x": the item is a collection starting on this line.
        const column = indent + line.text.length - rest.length;
        this.lines[this.i] = { row: line.row, indent: column, text: rest };
        out.push(this.node(column));
      } else {
        this.i++;
        out.push(this.inline(rest, indent, line.row));
      }
    }
    return out;
  }

  /** The value of a key or item with nothing after it: a deeper block, or null. */
  private nested(indent: number, inMap: boolean): unknown {
    const next = this.lines[this.i];
    if (next === undefined || next.indent < indent) return null;
    if (next.indent > indent) return this.node(next.indent);
    // A map's value may be a sequence at the key's own indentation.
    return inMap && isSeqItem(next.text) ? this.sequence(indent) : null;
  }

  /** A scalar (or empty flow collection) on the line `row` of its key or dash. */
  private inline(text: string, indent: number, row: number): unknown {
    if (text[0] === '|') return this.literal(text, indent, row);
    const next = this.lines[this.i];
    // A deeper line after a scalar would continue it (a multi-line scalar) or be an error.
    if (next !== undefined && next.indent > indent) throw new Unsupported();
    if (text.includes('\t')) throw new Unsupported();
    return this.scalar(text);
  }

  /**
   * A literal block scalar, `|` or `|-`, whose header is on line `row` of a key or dash at
   * `indent`: the lines below that are indented deeper, with the indentation of the first
   * one taken off each. Keep chomping (`|+`), indentation indicators and folded scalars are
   * left to the library, as is any tab before or around the text.
   */
  private literal(header: string, indent: number, row: number): string {
    const strip = /^\|(-?)(?: +#.*)?$/u.exec(header)?.[1];
    if (strip === undefined) throw new Unsupported();
    const texts: string[] = [];
    let contentIndent = -1;
    let longestLeadingBlank = 0;
    let r = row + 1;
    for (; r < this.end; r++) {
      const raw = this.rows[r]!;
      const spaces = leadingSpaces(raw);
      if (spaces === raw.length) {
        // A blank line: text when longer than the indentation, else an empty line.
        if (contentIndent === -1) longestLeadingBlank = Math.max(longestLeadingBlank, spaces);
        texts.push(contentIndent !== -1 && spaces > contentIndent ? raw.slice(contentIndent) : '');
        continue;
      }
      if (raw.includes('\t') && /^[ \t]*$/u.test(raw)) throw new Unsupported();
      if (contentIndent === -1) {
        if (spaces <= indent) break;
        if (longestLeadingBlank > spaces) throw new Unsupported();
        contentIndent = spaces;
      }
      if (spaces < contentIndent) break;
      texts.push(raw.slice(contentIndent));
    }
    // The line that ends the text may not start with a tab where indentation was expected.
    if (/^ *\t/u.test(this.rows[r] ?? '')) throw new Unsupported();
    if (contentIndent === -1) throw new Unsupported();
    // Skip the structural lines the text covered; the next one must end the scalar.
    while (this.i < this.lines.length && this.lines[this.i]!.row < r) this.i++;
    while (texts.length > 0 && texts[texts.length - 1] === '') texts.pop();
    const body = texts.join('\n');
    return strip === '-' ? body : `${body}\n`;
  }

  private scalar(text: string): unknown {
    const first = text[0]!;
    if (first === '"') return doubleQuoted(text);
    if (first === "'") return singleQuoted(text);
    if (first === '{' || first === '[') {
      const flow = new FlowParser(text, (plain) => this.plain(plain));
      const value = flow.value();
      assertOnlyComment(text.slice(flow.end()));
      return value;
    }
    if (FORBIDDEN_START.has(first) || (first === '-' && text[1] === ' ')) throw new Unsupported();
    const hash = text.indexOf(' #');
    return this.plain(trimSpacesEnd(hash === -1 ? text : text.slice(0, hash)));
  }

  /** A plain scalar: a string when it starts like one, else as the resolver reads it. */
  private plain(text: string): unknown {
    if (text.includes(': ') || text.endsWith(':') || text.includes(' #')) throw new Unsupported();
    if (STRING_START.test(text) && !SPECIAL_WORDS.has(text)) return text;
    const value = this.resolve(text);
    if (value === UNSUPPORTED) throw new Unsupported();
    return value;
  }
}

/**
 * A one-line flow collection, `{a: 1, b: [x, "y"]}`, with plain keys and simple scalars.
 * Trailing commas, keys without values and multi-line flows are left to the library.
 */
class FlowParser {
  private at = 0;

  constructor(
    private readonly text: string,
    private readonly plain: (text: string) => unknown,
  ) {}

  end(): number {
    return this.at;
  }

  value(): unknown {
    this.spaces();
    const c = this.text[this.at];
    if (c === '{') return this.map();
    if (c === '[') return this.sequence();
    if (c === '"' || c === "'") {
      const rest = this.text.slice(this.at);
      const close = c === '"' ? doubleQuoteEnd(rest) : singleQuoteEnd(rest);
      this.at += close + 1;
      return c === '"'
        ? unescapeDouble(rest.slice(1, close))
        : rest.slice(1, close).replaceAll("''", "'");
    }
    const match = /^[^,[\]{}]*/u.exec(this.text.slice(this.at))![0];
    const plain = trimSpacesEnd(match);
    const colon = /:(?: |$)/u.test(plain) || /:$/u.test(match);
    if (plain === '' || FORBIDDEN_START.has(plain[0]!) || colon) {
      throw new Unsupported();
    }
    this.at += match.length;
    return this.plain(plain);
  }

  private map(): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    this.at++;
    this.spaces();
    if (this.eat('}')) return out;
    for (;;) {
      const key = /^[A-Za-z_][A-Za-z0-9_./-]*/u.exec(this.text.slice(this.at))?.[0];
      if (key === undefined || SPECIAL_WORDS.has(key) || key === '__proto__')
        throw new Unsupported();
      this.at += key.length;
      if (!this.eat(': ') || Object.hasOwn(out, key)) throw new Unsupported();
      out[key] = this.value();
      this.spaces();
      if (this.eat('}')) return out;
      if (!this.eat(',')) throw new Unsupported();
      this.spaces();
      if (this.text[this.at] === '}') throw new Unsupported();
    }
  }

  private sequence(): unknown[] {
    const out: unknown[] = [];
    this.at++;
    this.spaces();
    if (this.eat(']')) return out;
    for (;;) {
      out.push(this.value());
      this.spaces();
      if (this.eat(']')) return out;
      if (!this.eat(',')) throw new Unsupported();
      this.spaces();
      if (this.text[this.at] === ']') throw new Unsupported();
    }
  }

  private eat(token: string): boolean {
    if (!this.text.startsWith(token, this.at)) return false;
    this.at += token.length;
    return true;
  }

  private spaces(): void {
    while (this.text[this.at] === ' ') this.at++;
  }
}

function leadingSpaces(s: string): number {
  let n = 0;
  while (s.charCodeAt(n) === 32) n++;
  return n;
}

/** YAML separates with spaces (and tabs, which never get here), not with other white space. */
function trimSpacesStart(s: string): string {
  return s.slice(leadingSpaces(s));
}

function trimSpacesEnd(s: string): string {
  let end = s.length;
  while (end > 0 && s.charCodeAt(end - 1) === 32) end--;
  return s.slice(0, end);
}

function isSeqItem(text: string): boolean {
  return text === '-' || text.startsWith('- ');
}

function isMapEntry(text: string): boolean {
  if (text[0] === '{' || text[0] === '[') return false;
  const colon = text.indexOf(':');
  return colon > 0 && (colon === text.length - 1 || text[colon + 1] === ' ');
}

/** `key: rest` or `key:`, with a plain identifier-like or simple quoted key. */
function splitKey(text: string): [string, string] {
  let key: string;
  let after: number;
  if (text[0] === '"' || text[0] === "'") {
    const close = text.indexOf(text[0], 1);
    if (close === -1 || text[close + 1] !== ':') throw new Unsupported();
    key = text.slice(1, close);
    if (key.includes('\\') || key.includes("'") || key.includes('"') || key.includes('\t')) {
      throw new Unsupported();
    }
    after = close + 2;
  } else {
    const colon = text.indexOf(':');
    if (colon <= 0) throw new Unsupported();
    key = text.slice(0, colon);
    if (!PLAIN_KEY.test(key) || SPECIAL_WORDS.has(key)) throw new Unsupported();
    after = colon + 1;
  }
  if (key === '__proto__' || key === '<<' || key.length > MAX_KEY_LENGTH) throw new Unsupported();
  if (after < text.length && text[after] !== ' ') throw new Unsupported();
  const rest = trimSpacesStart(text.slice(after));
  return [key, rest.startsWith('#') ? '' : rest];
}

function doubleQuoted(text: string): string {
  const close = doubleQuoteEnd(text);
  assertOnlyComment(text.slice(close + 1));
  return unescapeDouble(text.slice(1, close));
}

function singleQuoted(text: string): string {
  const close = singleQuoteEnd(text);
  assertOnlyComment(text.slice(close + 1));
  return text.slice(1, close).replaceAll("''", "'");
}

/** The index of the closing quote of a double-quoted scalar at the start of `text`. */
function doubleQuoteEnd(text: string): number {
  let close = 1;
  while (close < text.length && text[close] !== '"') close += text[close] === '\\' ? 2 : 1;
  if (close >= text.length) throw new Unsupported();
  return close;
}

/** The index of the closing quote of a single-quoted scalar at the start of `text`. */
function singleQuoteEnd(text: string): number {
  let close = 1;
  for (;;) {
    close = text.indexOf("'", close);
    if (close === -1) throw new Unsupported();
    if (text[close + 1] !== "'") return close;
    close += 2;
  }
}

/** The escapes JSON and YAML share; any other escape goes to the library. */
function unescapeDouble(inner: string): string {
  if (inner.replace(JSON_ESCAPES, '').includes('\\')) throw new Unsupported();
  return JSON.parse(`"${inner}"`) as string;
}

function assertOnlyComment(rest: string): void {
  const trimmed = trimSpacesStart(rest);
  if (trimmed !== '' && !(trimmed.startsWith('#') && trimmed.length < rest.length)) {
    throw new Unsupported();
  }
}
