import {
  readFields,
  readPackedVarints,
  WireFormatError,
  WireType,
  type WireField,
} from './wire-reader.js';

/**
 * Field tables of protocol buffer messages, by message name. Each field number maps to a
 * compact spec `jsonName[:type]`:
 *
 * - the type defaults to `string`; scalars are `string`, `bytes`, `int32`, `int64`, `bool`,
 *   `double`; a leading `*` marks a pointer field in Go, whose zero value is kept (the
 *   generated marshallers always write non-pointer scalars, so their zero values mean
 *   "unset" and are dropped, as JSON's `omitempty` would);
 * - `[]T` is a repeated field, `map` a `map<string,string>`, `map<T>` a `map<string,T>`;
 * - other names are messages: those of the table or the built-ins `Time`, `Quantity`,
 *   `IntOrString` and `RawExtension`;
 * - the json name `...` inlines the message's fields into the parent (Go's embedded
 *   structs such as `ProbeHandler` or `VolumeSource`).
 */
export type MessageTable = Readonly<Record<string, Readonly<Record<number, string>>>>;

interface FieldSpec {
  json: string;
  type: string;
  pointer: boolean;
  repeated: boolean;
  /** The value type of a `map<string, T>`. */
  mapValue?: string;
}

const SCALARS = new Set(['string', 'bytes', 'int32', 'int64', 'bool', 'double']);
const BUILTINS = new Set(['Time', 'Quantity', 'IntOrString', 'RawExtension']);
const specCache = new Map<string, FieldSpec>();

function parseSpec(text: string): FieldSpec {
  const cached = specCache.get(text);
  if (cached !== undefined) return cached;
  const colon = text.indexOf(':');
  const json = colon < 0 ? text : text.slice(0, colon);
  let type = colon < 0 ? 'string' : text.slice(colon + 1);
  const spec: FieldSpec = { json, type, pointer: false, repeated: false };
  if (type.startsWith('[]')) {
    spec.repeated = true;
    type = type.slice(2);
  }
  if (type.startsWith('*')) {
    spec.pointer = true;
    type = type.slice(1);
  }
  if (type === 'map' || type.startsWith('map<')) {
    spec.mapValue = type === 'map' ? 'string' : type.slice(4, -1);
    type = 'map';
  }
  spec.type = type;
  specCache.set(text, spec);
  return spec;
}

/** Decodes one message into the JSON form the API uses for it. */
export function decodeMessage(
  bytes: Uint8Array,
  message: string,
  table: MessageTable,
): Record<string, unknown> {
  const fields = table[message];
  if (fields === undefined) throw new WireFormatError(`no schema for message ${message}`);
  const out: Record<string, unknown> = {};
  for (const field of readFields(bytes)) {
    const text = fields[field.number];
    if (text === undefined) continue;
    const spec = parseSpec(text);
    if (spec.type === 'map') {
      const entry = decodeMapEntry(field, spec.mapValue ?? 'string', table);
      const map = (out[spec.json] ??= {}) as Record<string, unknown>;
      map[entry[0]] = entry[1];
    } else if (spec.repeated) {
      const list = (out[spec.json] ??= []) as unknown[];
      if (field.wireType === WireType.LengthDelimited && isNumeric(spec.type)) {
        for (const v of readPackedVarints(field.value)) list.push(fromVarint(v, spec.type));
      } else {
        list.push(decodeValue(field, spec.type, table));
      }
    } else if (spec.json === '...') {
      Object.assign(out, decodeValue(field, spec.type, table));
    } else {
      const value = decodeValue(field, spec.type, table);
      if (value === undefined || (!spec.pointer && isZero(value, spec.type))) delete out[spec.json];
      else out[spec.json] = value;
    }
  }
  return out;
}

function isNumeric(type: string): boolean {
  return type === 'int32' || type === 'int64' || type === 'bool';
}

function isZero(value: unknown, type: string): boolean {
  if (!SCALARS.has(type)) return false;
  return value === '' || value === 0 || value === false;
}

function decodeMapEntry(
  field: WireField,
  valueType: string,
  table: MessageTable,
): [string, unknown] {
  const bytes = lengthDelimited(field);
  let key = '';
  let value: unknown = defaultOf(valueType);
  for (const part of readFields(bytes)) {
    if (part.number === 1) key = new TextDecoder().decode(lengthDelimited(part));
    else if (part.number === 2) value = decodeValue(part, valueType, table);
  }
  return [key, value];
}

function defaultOf(type: string): unknown {
  if (type === 'string' || type === 'bytes') return '';
  if (type === 'int32' || type === 'int64' || type === 'double') return 0;
  if (type === 'bool') return false;
  return {};
}

function decodeValue(field: WireField, type: string, table: MessageTable): unknown {
  switch (type) {
    case 'string':
      return new TextDecoder().decode(lengthDelimited(field));
    case 'bytes':
      return Buffer.from(lengthDelimited(field)).toString('base64');
    case 'int32':
    case 'int64':
    case 'bool':
      if (field.wireType !== WireType.Varint)
        throw new WireFormatError(`field ${field.number} should be a varint`);
      return fromVarint(field.value, type);
    case 'double':
      if (field.wireType !== WireType.Fixed64)
        throw new WireFormatError(`field ${field.number} should be a double`);
      return Buffer.from(field.value).readDoubleLE(0);
    default:
      if (BUILTINS.has(type)) return decodeBuiltin(lengthDelimited(field), type);
      return decodeMessage(lengthDelimited(field), type, table);
  }
}

function fromVarint(value: bigint, type: string): number | boolean {
  if (type === 'bool') return value !== 0n;
  return Number(type === 'int32' ? BigInt.asIntN(32, value) : BigInt.asIntN(64, value));
}

function lengthDelimited(field: WireField): Uint8Array {
  if (field.wireType !== WireType.LengthDelimited)
    throw new WireFormatError(`field ${field.number} should be length-delimited`);
  return field.value;
}

function decodeBuiltin(bytes: Uint8Array, type: string): unknown {
  const parts = new Map<number, WireField>(readFields(bytes).map((f) => [f.number, f]));
  const varint = (n: number): bigint => {
    const f = parts.get(n);
    return f?.wireType === WireType.Varint ? f.value : 0n;
  };
  const text = (n: number): string | undefined => {
    const f = parts.get(n);
    return f === undefined ? undefined : new TextDecoder().decode(lengthDelimited(f));
  };
  switch (type) {
    case 'Time': {
      const seconds = Number(BigInt.asIntN(64, varint(1)));
      // The zero time marshals as an empty message; JSON has null, which means unset.
      if (seconds === 0 && varint(2) === 0n) return undefined;
      return new Date(seconds * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z');
    }
    case 'Quantity':
      return text(1) ?? '0';
    case 'IntOrString':
      return varint(1) === 1n ? (text(3) ?? '') : Number(BigInt.asIntN(32, varint(2)));
    case 'RawExtension': {
      const raw = text(1);
      return raw === undefined || raw === '' ? undefined : (JSON.parse(raw) as unknown);
    }
    default:
      throw new WireFormatError(`unknown built-in ${type}`);
  }
}
