import { isScalar, parseAllDocuments, parseDocument, type Tags } from 'yaml';
import { parseSimpleYaml, UNSUPPORTED } from '../fast-yaml.js';
import { marshalGoYaml } from './goyaml/index.js';
import { formatTime } from './template/go-time.js';
import { GoStruct, GoTime, isGoMap } from './template/go-value.js';

/** Plain data for serialisers: structs become maps, times RFC 3339 strings. */
export function toPlain(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(toPlain);
  if (v instanceof GoTime) return formatTime(v, '2006-01-02T15:04:05.999999999Z07:00');
  if (v instanceof GoStruct) return toPlain(v.fields);
  if (isGoMap(v)) {
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) out[k] = toPlain(x);
    return out;
  }
  return v === undefined ? null : v;
}

/**
 * YAML as sigs.k8s.io/yaml writes it (what Helm's `toYaml` uses), byte for byte: through
 * JSON, then go-yaml v2's emitter. Throws for values JSON cannot hold (NaN, ±Inf).
 */
export function goYaml(v: unknown): string {
  return marshalGoYaml(v);
}

/**
 * go-yaml v2 reads YAML 1.1 scalars (yes/no/on/off, 0777, 0b1, 1_000) but leaves
 * timestamps and sexagesimal numbers as strings when decoding into interface{}.
 */
const PARSE_OPTIONS = {
  version: '1.1',
  merge: true,
  uniqueKeys: false,
  customTags: (tags: Tags): Tags =>
    tags.filter(
      (t) =>
        typeof t === 'string' ||
        (t.tag !== 'tag:yaml.org,2002:timestamp' && (t as { format?: string }).format !== 'TIME'),
    ),
} as const;

/**
 * Parses YAML the way sigs.k8s.io/yaml does (YAML 1.1 scalars, then JSON): every number
 * becomes a float64 (a JS number). Throws the parser's first error. Plain block YAML, what
 * templates mostly render, takes a fast path that gives the same result.
 */
export function parseGoYaml(text: string): unknown {
  const fast = parseSimpleYaml(text, resolveScalar);
  return fast === UNSUPPORTED ? parseGoYamlFully(text) : fast;
}

/** {@link parseGoYaml} without the fast path: the YAML library on its own. */
export function parseGoYamlFully(text: string): unknown {
  const doc = parseDocument(text, PARSE_OPTIONS);
  const first = doc.errors[0];
  if (first !== undefined) throw first;
  return normalize(doc.toJS({ maxAliasCount: 1000 }));
}

/** All documents of a YAML stream, each as {@link parseGoYaml} would read it. */
export function parseGoYamlStream(text: string): unknown[] {
  const docs = parseAllDocuments(text, PARSE_OPTIONS);
  if (!Array.isArray(docs)) return [];
  return docs.map((doc) => {
    const first = doc.errors[0];
    if (first !== undefined) throw first;
    return normalize(doc.toJS({ maxAliasCount: 1000 }));
  });
}

const MAX_CACHED_SCALARS = 4096;
const scalarCache = new Map<string, unknown>();

/** One plain scalar as the library reads it (numbers, booleans, null), cached. */
function resolveScalar(text: string): unknown {
  if (scalarCache.has(text)) return scalarCache.get(text);
  const doc = parseDocument(text, PARSE_OPTIONS);
  const value =
    doc.errors.length === 0 && doc.warnings.length === 0 && isScalar(doc.contents)
      ? normalize(doc.toJS())
      : UNSUPPORTED;
  if (scalarCache.size >= MAX_CACHED_SCALARS) scalarCache.clear();
  scalarCache.set(text, value);
  return value;
}

/** JSON's view of YAML data: map keys as strings, binary as base64, dates as strings. */
function normalize(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(normalize);
  if (v instanceof Date) return v.toISOString().replace('.000Z', 'Z');
  if (v instanceof Uint8Array) return Buffer.from(v).toString('base64');
  if (typeof v === 'bigint') return Number(v);
  if (v instanceof Map) {
    const out: Record<string, unknown> = {};
    for (const [k, x] of v) out[String(k)] = normalize(x);
    return out;
  }
  if (v instanceof Set) return [...v].map(normalize);
  if (typeof v === 'object' && v !== null) {
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) out[k] = normalize(x);
    return out;
  }
  return v;
}
