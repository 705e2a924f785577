/**
 * A fast path for the plain block YAML that templates render: block maps and sequences,
 * single-line plain and quoted scalars, `{}` and `[]`. Anything else (anchors, tags, block
 * scalars, flow collections with content, multi-line scalars, odd keys, tabs, duplicate
 * keys) returns {@link UNSUPPORTED}, and the caller falls back to the full YAML library.
 * When it does return a value, that value is what the library would return.
 */

/** The input needs the full YAML parser. */
export const UNSUPPORTED: unique symbol = Symbol('unsupported');

/**
 * Resolves a plain scalar that is not obviously a string (numbers, booleans, null, …),
 * as YAML 1.1 reads it; `UNSUPPORTED` when it is not a scalar.
 */
export type ScalarResolver = (text: string) => unknown;

interface Line {
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

/** Parses `text` when it stays within the subset, else returns {@link UNSUPPORTED}. */
export function parseSimpleYaml(text: string, resolve: ScalarResolver): unknown {
  if (text.includes('\t') || text.includes('\r')) return UNSUPPORTED;
  const lines: Line[] = [];
  for (const raw of text.split('\n')) {
    const content = raw.trimStart();
    if (content === '' || content.startsWith('#')) continue;
    if (raw.startsWith('---') || raw.startsWith('...') || raw.startsWith('%')) return UNSUPPORTED;
    lines.push({ indent: raw.length - content.length, text: content.trimEnd() });
  }
  if (lines.length === 0) return UNSUPPORTED;
  try {
    const parser = new BlockParser(lines, resolve);
    const value = parser.node(lines[0]!.indent);
    if (!parser.done()) return UNSUPPORTED;
    return value;
  } catch (err) {
    if (err instanceof Unsupported) return UNSUPPORTED;
    throw err;
  }
}

class BlockParser {
  private i = 0;

  constructor(
    private readonly lines: Line[],
    private readonly resolve: ScalarResolver,
  ) {}

  done(): boolean {
    return this.i === this.lines.length;
  }

  /** A block collection whose first line is the current one, at `indent`. */
  node(indent: number): unknown {
    const line = this.lines[this.i]!;
    if (line.indent !== indent) throw new Unsupported();
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
      out[key] = rest === '' ? this.nested(indent, true) : this.inline(rest, indent);
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
      const rest = line.text.slice(1).trimStart();
      if (rest === '') {
        this.i++;
        out.push(this.nested(indent, false));
      } else if (isSeqItem(rest) || isMapEntry(rest)) {
        // "- key: v" or "- - x": the item is a collection starting on this line.
        const column = indent + line.text.length - rest.length;
        this.lines[this.i] = { indent: column, text: rest };
        out.push(this.node(column));
      } else {
        this.i++;
        out.push(this.inline(rest, indent));
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

  /** A scalar (or empty flow collection) on the line of its key or dash. */
  private inline(text: string, indent: number): unknown {
    const next = this.lines[this.i];
    // A deeper line after a scalar would continue it (a multi-line scalar) or be an error.
    if (next !== undefined && next.indent > indent) throw new Unsupported();
    return this.scalar(text);
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
    return this.plain((hash === -1 ? text : text.slice(0, hash)).trimEnd());
  }

  /** A plain scalar: a string when it starts like one, else as YAML 1.1 resolves it. */
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
    const plain = match.trimEnd();
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
    if (key.includes('\\') || key.includes("'") || key.includes('"')) throw new Unsupported();
    after = close + 2;
  } else {
    const colon = text.indexOf(':');
    if (colon <= 0) throw new Unsupported();
    key = text.slice(0, colon);
    if (!PLAIN_KEY.test(key) || SPECIAL_WORDS.has(key)) throw new Unsupported();
    after = colon + 1;
  }
  if (key === '__proto__' || key === '<<') throw new Unsupported();
  if (after < text.length && text[after] !== ' ') throw new Unsupported();
  const rest = text.slice(after).trim();
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
  const trimmed = rest.trimStart();
  if (trimmed !== '' && !(trimmed.startsWith('#') && trimmed.length < rest.length)) {
    throw new Unsupported();
  }
}
