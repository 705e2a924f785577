import { isPlainObject } from '../../kube/object.js';
import {
  isOpenObject,
  propertySchema,
  type OpenApiSchema,
  type SchemaResolver,
} from '../../kube/openapi/schema.js';

/** A value whose JSON type is not the one its schema declares. */
export interface TypeMismatch {
  /** `spec.replicas`, `spec.template.spec.containers[0].name`. */
  path: string;
  /** The Go struct that holds the field, as the decoder names it (`DeploymentSpec`). */
  struct: string;
  expected: string;
  /** The JSON type found: string, number, bool, object, array. */
  got: string;
  value: unknown;
}

export interface SchemaCheck {
  /** Fields no schema declares, as `spec.foo` paths; they are removed from the object. */
  unknown: string[];
  mismatches: TypeMismatch[];
  /** Required fields that are missing, as paths. */
  missing: string[];
}

function jsonType(value: unknown): string {
  if (Array.isArray(value)) return 'array';
  if (value === null) return 'null';
  if (typeof value === 'boolean') return 'bool';
  return typeof value;
}

function refName(schema: OpenApiSchema | undefined): string | undefined {
  const ref = schema?.$ref ?? schema?.allOf?.[0]?.$ref;
  return ref === undefined ? undefined : ref.slice(ref.lastIndexOf('.') + 1);
}

function follow(
  schema: OpenApiSchema | undefined,
  resolve: SchemaResolver,
): OpenApiSchema | undefined {
  let current = schema;
  for (let i = 0; current !== undefined && i < 8; i++) {
    const ref =
      current.$ref ?? (current.properties === undefined ? current.allOf?.[0]?.$ref : undefined);
    if (ref === undefined) return current;
    current = resolve(ref.slice(ref.lastIndexOf('/') + 1));
  }
  return current;
}

function goType(schema: OpenApiSchema, name: string | undefined): string {
  if (schema.type === 'integer') return schema.format === 'int64' ? 'int64' : 'int32';
  if (schema.type === 'boolean') return 'bool';
  if (schema.type === 'number') return 'float64';
  if (schema.type === 'array') return `[]${name === undefined ? 'string' : `v1.${name}`}`;
  if (schema.type === 'object') return name === undefined ? 'map[string]string' : `v1.${name}`;
  return 'string';
}

function fits(schema: OpenApiSchema, value: unknown): boolean {
  if (value === null) return true;
  if (schema['x-kubernetes-int-or-string'] === true)
    return typeof value === 'string' || Number.isInteger(value);
  switch (schema.type) {
    case 'string':
      return typeof value === 'string';
    case 'integer':
      return typeof value === 'number' && Number.isInteger(value);
    case 'number':
      return typeof value === 'number';
    case 'boolean':
      return typeof value === 'boolean';
    case 'array':
      return Array.isArray(value);
    case 'object':
      return isPlainObject(value);
    default:
      return true;
  }
}

/**
 * Checks an object against its schema as the API server's decoder does: finds fields no
 * schema declares (and drops them, as decoding into Go structs does), values of the wrong
 * JSON type and missing required fields. Objects marked to keep unknown fields are left alone.
 */
export function checkAgainstSchema(
  value: Record<string, unknown>,
  schema: OpenApiSchema | undefined,
  resolve: SchemaResolver,
  rootStruct: string,
): SchemaCheck {
  const result: SchemaCheck = { unknown: [], mismatches: [], missing: [] };
  walk(value, schema, resolve, '', rootStruct, result);
  return result;
}

function walk(
  value: unknown,
  raw: OpenApiSchema | undefined,
  resolve: SchemaResolver,
  path: string,
  struct: string,
  out: SchemaCheck,
): void {
  const schema = follow(raw, resolve);
  if (schema === undefined || value === null || value === undefined) return;
  if (!fits(schema, value)) {
    out.mismatches.push({
      path: path.replace(/\[\d+\]/g, ''),
      struct,
      expected: goType(schema, refName(schema.items ?? raw)),
      got: jsonType(value),
      value,
    });
    return;
  }
  if (Array.isArray(value)) {
    value.forEach((item, i) => walk(item, schema.items, resolve, `${path}[${i}]`, struct, out));
    return;
  }
  if (!isPlainObject(value) || schema['x-kubernetes-int-or-string'] === true) return;
  const own = refName(raw) ?? struct;
  const open = isOpenObject(schema);
  for (const key of Object.keys(value)) {
    const child = propertySchema(schema, key);
    const childPath = path === '' ? key : `${path}.${key}`;
    if (child === undefined) {
      if (!open) {
        out.unknown.push(childPath);
        delete value[key];
      }
      continue;
    }
    walk(value[key], child, resolve, childPath, own, out);
  }
  for (const key of schema.required ?? []) {
    if (value[key] === undefined || value[key] === null)
      out.missing.push(path === '' ? key : `${path}.${key}`);
  }
}

/** Go's `%#v`-ish rendering of a value in field error messages. */
export function goValue(value: unknown): string {
  if (isPlainObject(value)) {
    const entries = Object.entries(value).map(
      ([k, v]) => `${JSON.stringify(k)}:${JSON.stringify(v)}`,
    );
    const allStrings = Object.values(value).every((v) => typeof v === 'string');
    return `${allStrings ? 'map[string]string' : 'map[string]interface {}'}{${entries.join(', ')}}`;
  }
  return JSON.stringify(value);
}
