import { RenderError } from '../../../model/errors.js';
import { isGoMap } from '../template/go-value.js';
import type { Values } from './coalesce.js';

const MAX_INDEX = 65536;

/**
 * Applies one `--set` (or `--set-string` when `forceString`) argument to `dest`, with
 * Helm's strvals syntax: `a.b=c`, `a[0]=x`, `a[0].b=y`, `a={x,y}`, several pairs
 * separated by commas, and `\` escaping any character.
 */
export function applySet(dest: Values, text: string, forceString = false): Values {
  const p = new SetParser(text, forceString);
  while (!p.eof()) p.key(dest);
  return dest;
}

/**
 * Sets the value at a `--set` style key (`a.b`, `a[0].b`) to `value` as is, never parsed:
 * what `--set-file key=path` does with the file's text.
 */
export function setValueAt(dest: Values, key: string, value: unknown): Values {
  const p = new SetParser(`${key}=`, true, { value });
  while (!p.eof()) p.key(dest);
  return dest;
}

/** Argo CD escapes commas in parameter values unless the value is a `{…}` list. */
export function escapeParameterValue(value: string): string {
  if (value.startsWith('{') && value.endsWith('}')) return value;
  return value.replace(/(?<!\\),/gu, '\\,');
}

class SetParser {
  private pos = 0;

  constructor(
    private readonly text: string,
    private readonly forceString: boolean,
    /** A value that replaces whatever the text holds after `=`. */
    private readonly literal?: { value: unknown },
  ) {}

  eof(): boolean {
    return this.pos >= this.text.length;
  }

  private fail(message: string): never {
    throw new RenderError(`failed parsing --set data: ${message}`, { data: { set: this.text } });
  }

  /** Reads runes until one of `stops`; returns them and the stop (or '' at end). */
  private until(stops: string): [string, string] {
    let out = '';
    while (this.pos < this.text.length) {
      const c = this.text[this.pos++]!;
      if (c === '\\' && this.pos < this.text.length) {
        out += this.text[this.pos++];
        continue;
      }
      if (stops.includes(c)) return [out, c];
      out += c;
    }
    return [out, ''];
  }

  private typed(v: string): unknown {
    if (this.literal !== undefined) return this.literal.value;
    if (this.forceString) return v;
    const lower = v.toLowerCase();
    if (lower === 'true') return true;
    if (lower === 'false') return false;
    if (lower === 'null') return null;
    if (v === '0') return 0n;
    if (v !== '' && v[0] !== '0' && /^[+-]?\d+$/u.test(v)) {
      const n = BigInt(v);
      if (n >= -(2n ** 63n) && n < 2n ** 63n) return n;
    }
    return v;
  }

  key(data: Values): void {
    const [k, last] = this.until('=[,.');
    switch (last) {
      case '':
        if (k === '') return;
        this.fail(`key "${k}" has no value`);
      // falls through (unreachable)
      case '[': {
        const i = this.index();
        const cur = data[k];
        const list = Array.isArray(cur) ? cur : [];
        data[k] = this.listItem(list, i);
        return;
      }
      case '=': {
        const list = this.valueList();
        if (list !== undefined) {
          data[k] = list;
          return;
        }
        const [v] = this.until(',');
        data[k] = this.typed(v);
        return;
      }
      case ',':
        data[k] = '';
        this.fail(`key "${k}" has no value (cannot end with ,)`);
      // falls through (unreachable)
      case '.': {
        const cur = data[k];
        const inner: Values = isGoMap(cur) ? cur : {};
        this.key(inner);
        if (Object.keys(inner).length === 0) this.fail(`key map "${k}" has no value`);
        data[k] = inner;
        return;
      }
    }
  }

  private index(): number {
    const [v, last] = this.until(']');
    if (last !== ']') this.fail(`unexpected end of input in key index`);
    if (!/^-?\d+$/u.test(v)) this.fail(`invalid index: ${v}`);
    const i = Number(v);
    if (i < 0) this.fail(`negative ${i} index not allowed`);
    if (i > MAX_INDEX)
      this.fail(`index of ${i} is greater than maximum supported index value of ${MAX_INDEX}`);
    return i;
  }

  private listItem(list: unknown[], i: number): unknown[] {
    const out = [...list];
    while (out.length <= i) out.push(null);
    const c = this.text[this.pos++];
    if (c === undefined) {
      out[i] = '';
      return out;
    }
    switch (c) {
      case '=': {
        const vl = this.valueList();
        if (vl !== undefined) out[i] = vl;
        else out[i] = this.typed(this.until(',')[0]);
        return out;
      }
      case '.': {
        const cur = out[i];
        const inner: Values = isGoMap(cur) ? cur : {};
        this.key(inner);
        out[i] = inner;
        return out;
      }
      case '[': {
        const j = this.index();
        const cur = out[i];
        out[i] = this.listItem(Array.isArray(cur) ? cur : [], j);
        return out;
      }
      default:
        this.fail(`parse error: unexpected token ${JSON.stringify(c)}`);
    }
  }

  /** `{a,b,c}` → a list, or undefined when the value is not a list (nothing consumed). */
  private valueList(): unknown[] | undefined {
    if (this.text[this.pos] !== '{') return undefined;
    this.pos++;
    const out: unknown[] = [];
    for (;;) {
      const [v, last] = this.until(',}');
      if (last === '') this.fail("list must terminate with '}'");
      out.push(this.typed(v));
      if (last === '}') {
        const next = this.text[this.pos];
        if (next !== undefined && next !== ',')
          this.fail(`unexpected character after list: ${next}`);
        if (next === ',') this.pos++;
        return out;
      }
    }
  }
}
