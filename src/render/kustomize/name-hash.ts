import { isPlainObject, type KubeObject } from '../../kube/object.js';
import { sha256Hex } from './sha256.js';

/**
 * The content hash Kustomize appends to generated ConfigMap and Secret names: SHA-256 of
 * Go's JSON encoding of `{data, kind, name: ""}` (plus `binaryData`, or `type` for Secrets),
 * whose first 10 hex digits are spelled in Kustomize's alphabet (no 0, 1, 3, a or e).
 */
export function contentHash(obj: KubeObject): string {
  const fields: [string, string][] = [];
  const data = obj['data'];
  fields.push(['data', isPlainObject(data) && Object.keys(data).length > 0 ? goMap(data) : '""']);
  fields.push(['kind', goString(obj.kind)]);
  fields.push(['name', '""']);
  if (obj.kind === 'Secret') {
    fields.push(['type', goString(typeof obj['type'] === 'string' ? obj['type'] : '')]);
  } else {
    const binary = obj['binaryData'];
    if (isPlainObject(binary) && Object.keys(binary).length > 0) {
      fields.push(['binaryData', goMap(binary)]);
    }
  }
  const json = goObject(fields);
  const hex = sha256Hex(json).slice(0, 10);
  return hex.replace(/[013ae]/gu, (c) => ENCODE[c] ?? c);
}

const ENCODE: Readonly<Record<string, string>> = { '0': 'g', '1': 'h', '3': 'k', a: 'm', e: 't' };

function goObject(fields: [string, string][]): string {
  const sorted = [...fields].sort(([a], [b]) => compareBytes(a, b));
  return `{${sorted.map(([k, v]) => `${goString(k)}:${v}`).join(',')}}`;
}

function goMap(map: Record<string, unknown>): string {
  return goObject(Object.entries(map).map(([k, v]) => [k, goString(String(v))]));
}

function compareBytes(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));
}

/** A string as Go's encoding/json writes it: HTML characters and line separators escaped. */
function goString(s: string): string {
  return JSON.stringify(s).replace(
    /[<>&\u2028\u2029]/gu,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}
