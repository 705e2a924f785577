import { formatTime } from '../template/go-time.js';
import { FuncError, GoStruct, GoTime, isGoMap, sortedKeys } from '../template/go-value.js';

export interface JsonOptions {
  /** Go's default HTML-safe escaping of `<`, `>` and `&`. @defaultValue true */
  escapeHtml?: boolean;
  /** Indentation per level, as json.MarshalIndent's indent. @defaultValue '' (compact) */
  indent?: string;
}

/** encoding/json's Marshal of a template value: sorted map keys, Go's number and string forms. */
export function goJson(v: unknown, options: JsonOptions = {}): string {
  const escapeHtml = options.escapeHtml ?? true;
  const indent = options.indent ?? '';
  const enc = (x: unknown, depth: number): string => {
    if (x === undefined || x === null) return 'null';
    switch (typeof x) {
      case 'boolean':
        return String(x);
      case 'bigint':
        return x.toString();
      case 'number':
        if (!Number.isFinite(x))
          throw new FuncError(
            `json: unsupported value: ${x > 0 ? '+Inf' : x < 0 ? '-Inf' : 'NaN'}`,
          );
        return Object.is(x, -0) ? '-0' : String(x);
      case 'string':
        return jsonString(x, escapeHtml);
      case 'function':
        throw new FuncError('json: unsupported type: func()');
    }
    const nl = indent === '' ? '' : `\n${indent.repeat(depth + 1)}`;
    const end = indent === '' ? '' : `\n${indent.repeat(depth)}`;
    const colon = indent === '' ? ':' : ': ';
    if (Array.isArray(x)) {
      if (x.length === 0) return '[]';
      return `[${x.map((e) => nl + enc(e, depth + 1)).join(',')}${end}]`;
    }
    if (x instanceof Uint8Array) return jsonString(Buffer.from(x).toString('base64'), escapeHtml);
    if (x instanceof GoTime)
      return jsonString(formatTime(x, '2006-01-02T15:04:05.999999999Z07:00'), escapeHtml);
    const m = x instanceof GoStruct ? x.fields : isGoMap(x) ? x : {};
    const keys = x instanceof GoStruct ? Object.keys(m) : sortedKeys(m);
    if (keys.length === 0) return '{}';
    return `{${keys.map((k) => `${nl}${jsonString(k, escapeHtml)}${colon}${enc(m[k], depth + 1)}`).join(',')}${end}}`;
  };
  return enc(v, 0);
}

function jsonString(s: string, escapeHtml: boolean): string {
  let out = '"';
  for (const ch of s) {
    const cp = ch.codePointAt(0)!;
    if (ch === '"') out += '\\"';
    else if (ch === '\\') out += '\\\\';
    else if (cp < 0x20) {
      out +=
        ch === '\n'
          ? '\\n'
          : ch === '\r'
            ? '\\r'
            : ch === '\t'
              ? '\\t'
              : `\\u${cp.toString(16).padStart(4, '0')}`;
    } else if (escapeHtml && (ch === '<' || ch === '>' || ch === '&')) {
      out += `\\u00${cp.toString(16)}`;
    } else if (cp === 0x2028 || cp === 0x2029) out += `\\u${cp.toString(16)}`;
    else out += ch;
  }
  return `${out}"`;
}

/** encoding/json's Unmarshal into interface{}: numbers become float64. */
export function parseGoJson(text: string): unknown {
  return JSON.parse(text) as unknown;
}
