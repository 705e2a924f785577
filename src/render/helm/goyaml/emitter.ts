import type { YamlNode } from './json-values.js';
import { compareKeys } from './key-order.js';
import { plainReadsAsString } from './resolve-scalar.js';
import { analyzeScalar, isPrintable } from './scalar-analysis.js';

const BEST_INDENT = 2;
const BEST_WIDTH = 80;
const MAX_SIMPLE_KEY_BYTES = 128;

type Style = 'plain' | 'single' | 'double' | 'literal';

interface NodeContext {
  /** The node is a mapping's key or value (a sequence there is not indented). */
  mapping: boolean;
  /** The node is a key written inline, before `:`. */
  simpleKey: boolean;
}

const isBreak = (c: string): boolean =>
  c === '\n' || c === '\r' || c === '\u0085' || c === '\u2028' || c === '\u2029';

/**
 * The block-style YAML that go-yaml v2's `Marshal` writes for a node, byte for byte: two
 * spaces of indent, sequences in a mapping not indented, `{}` and `[]` when empty, keys in
 * go-yaml's order, strings quoted or folded as its emitter decides (80 columns).
 */
export function emitYaml(root: YamlNode): string {
  const w = new Writer();
  w.node(root, { mapping: false, simpleKey: false });
  w.indentTo(-1);
  return w.out;
}

class Writer {
  out = '';
  private column = 0;
  private whitespace = true;
  private indention = true;
  private indent = -1;
  private readonly indents: number[] = [];

  node(node: YamlNode, ctx: NodeContext): void {
    switch (node.kind) {
      case 'seq':
        if (node.items.length === 0) this.flowEmpty('[]');
        else this.sequence(node.items, ctx);
        return;
      case 'map':
        if (node.entries.length === 0) this.flowEmpty('{}');
        else this.mapping(node.entries);
        return;
      case 'null':
        return this.scalar('null', 'plain', ctx);
      case 'bool':
        return this.scalar(String(node.value), 'plain', ctx);
      case 'int':
      case 'float':
        return this.scalar(node.text, 'plain', ctx);
      case 'str': {
        const s = node.value;
        const style: Style = s.includes('\n')
          ? 'literal'
          : plainReadsAsString(s)
            ? 'plain'
            : 'double';
        return this.scalar(s, style, ctx);
      }
    }
  }

  /** The newline and spaces that start a line at the current indent, when needed. */
  indentTo(indent = this.indent): void {
    const target = Math.max(indent, 0);
    if (!this.indention || this.column > target || (this.column === target && !this.whitespace)) {
      this.newline();
    }
    while (this.column < target) this.put(' ');
    this.whitespace = true;
    this.indention = true;
  }

  private flowEmpty(text: '[]' | '{}'): void {
    this.indicator(text[0]!, true, true, false);
    this.indicator(text[1]!, false, false, false);
  }

  private sequence(items: YamlNode[], ctx: NodeContext): void {
    this.pushIndent(false, ctx.mapping && !this.indention);
    for (const item of items) {
      this.indentTo();
      this.indicator('-', true, false, true);
      this.node(item, { mapping: false, simpleKey: false });
    }
    this.popIndent();
  }

  private mapping(entries: [string, YamlNode][]): void {
    this.pushIndent(false, false);
    const sorted = [...entries].sort(([a], [b]) => compareKeys(a, b));
    for (const [key, value] of sorted) {
      this.indentTo();
      const keyNode: YamlNode = { kind: 'str', value: key };
      const simple =
        !key.includes('\n') &&
        !/[\r\u0085\u2028\u2029]/u.test(key) &&
        Buffer.byteLength(key) <= MAX_SIMPLE_KEY_BYTES;
      if (simple) {
        this.node(keyNode, { mapping: true, simpleKey: true });
        this.indicator(':', false, false, false);
      } else {
        this.indicator('?', true, false, true);
        this.node(keyNode, { mapping: true, simpleKey: false });
        this.indentTo();
        this.indicator(':', true, false, true);
      }
      this.node(value, { mapping: true, simpleKey: false });
    }
    this.popIndent();
  }

  private scalar(value: string, wanted: Style, ctx: NodeContext): void {
    const analysis = analyzeScalar(value);
    let style = wanted;
    if (ctx.simpleKey && analysis.multiline) style = 'double';
    if (style === 'plain') {
      if (!analysis.blockPlainAllowed) style = 'single';
      if (value === '' && ctx.simpleKey) style = 'single';
    }
    if (style === 'single' && !analysis.singleQuotedAllowed) style = 'double';
    if (style === 'literal' && (!analysis.blockAllowed || ctx.simpleKey)) style = 'double';
    this.pushIndent(true, false);
    const breaks = !ctx.simpleKey;
    if (style === 'plain') this.plain(value, breaks);
    else if (style === 'single') this.singleQuoted(value, breaks);
    else if (style === 'double') this.doubleQuoted(value, breaks);
    else this.literal(value);
    this.popIndent();
  }

  private plain(value: string, allowBreaks: boolean): void {
    if (!this.whitespace) this.put(' ');
    const chars = [...value];
    let spaces = false;
    for (let i = 0; i < chars.length; i++) {
      const c = chars[i]!;
      if (c === ' ') {
        if (allowBreaks && !spaces && this.column > BEST_WIDTH && chars[i + 1] !== ' ') {
          this.indentTo();
        } else this.put(c);
        spaces = true;
      } else {
        this.put(c);
        this.indention = false;
        spaces = false;
      }
    }
    this.whitespace = false;
    this.indention = false;
  }

  private singleQuoted(value: string, allowBreaks: boolean): void {
    this.indicator("'", true, false, false);
    const chars = [...value];
    let spaces = false;
    for (let i = 0; i < chars.length; i++) {
      const c = chars[i]!;
      if (c === ' ') {
        const canBreak = i > 0 && i < chars.length - 1 && chars[i + 1] !== ' ';
        if (allowBreaks && !spaces && this.column > BEST_WIDTH && canBreak) this.indentTo();
        else this.put(c);
        spaces = true;
      } else {
        if (c === "'") this.put("'");
        this.put(c);
        this.indention = false;
        spaces = false;
      }
    }
    this.indicator("'", false, false, false);
    this.whitespace = false;
    this.indention = false;
  }

  private doubleQuoted(value: string, allowBreaks: boolean): void {
    this.indicator('"', true, false, false);
    const chars = [...value];
    let spaces = false;
    for (let i = 0; i < chars.length; i++) {
      const c = chars[i]!;
      const cp = c.codePointAt(0)!;
      if (!isPrintable(cp) || cp === 0xfeff || isBreak(c) || c === '"' || c === '\\') {
        this.put('\\');
        this.put(escapeFor(cp));
        spaces = false;
      } else if (c === ' ') {
        if (allowBreaks && !spaces && this.column > BEST_WIDTH && i > 0 && i < chars.length - 1) {
          this.indentTo();
          if (chars[i + 1] === ' ') this.put('\\');
        } else this.put(c);
        spaces = true;
      } else {
        this.put(c);
        spaces = false;
      }
    }
    this.indicator('"', false, false, false);
    this.whitespace = false;
    this.indention = false;
  }

  private literal(value: string): void {
    this.indicator('|', true, false, false);
    const chars = [...value];
    if (chars[0] === ' ' || (chars[0] !== undefined && isBreak(chars[0]))) {
      this.indicator(String(BEST_INDENT), false, false, false);
    }
    const chomp = chompHint(chars);
    if (chomp !== '') this.indicator(chomp, false, false, false);
    this.newline();
    this.indention = true;
    this.whitespace = true;
    let breaks = true;
    for (const c of chars) {
      if (isBreak(c)) {
        this.newline();
        this.indention = true;
        breaks = true;
      } else {
        if (breaks) this.indentTo();
        this.put(c);
        this.indention = false;
        breaks = false;
      }
    }
  }

  private indicator(
    text: string,
    needWhitespace: boolean,
    isWhitespace: boolean,
    isIndention: boolean,
  ): void {
    if (needWhitespace && !this.whitespace) this.put(' ');
    for (const c of text) this.put(c);
    this.whitespace = isWhitespace;
    this.indention = this.indention && isIndention;
  }

  private pushIndent(flow: boolean, indentless: boolean): void {
    this.indents.push(this.indent);
    if (this.indent < 0) this.indent = flow ? BEST_INDENT : 0;
    else if (!indentless) this.indent += BEST_INDENT;
  }

  private popIndent(): void {
    this.indent = this.indents.pop() ?? -1;
  }

  private put(c: string): void {
    this.out += c;
    this.column++;
  }

  private newline(): void {
    this.out += '\n';
    this.column = 0;
  }
}

/** Block scalar chomping: `-` without a final line break, `+` when the end has more than one. */
function chompHint(chars: string[]): string {
  const last = chars[chars.length - 1];
  if (last === undefined || !isBreak(last)) return '-';
  if (chars.length === 1) return '+';
  return isBreak(chars[chars.length - 2]!) ? '+' : '';
}

const ESCAPES: Record<number, string> = {
  0x00: '0',
  0x07: 'a',
  0x08: 'b',
  0x09: 't',
  0x0a: 'n',
  0x0b: 'v',
  0x0c: 'f',
  0x0d: 'r',
  0x1b: 'e',
  0x22: '"',
  0x5c: '\\',
  0x85: 'N',
  0xa0: '_',
  0x2028: 'L',
  0x2029: 'P',
};

function escapeFor(cp: number): string {
  const named = ESCAPES[cp];
  if (named !== undefined) return named;
  const hex = cp.toString(16).toUpperCase();
  if (cp <= 0xff) return `x${hex.padStart(2, '0')}`;
  if (cp <= 0xffff) return `u${hex.padStart(4, '0')}`;
  return `U${hex.padStart(8, '0')}`;
}
