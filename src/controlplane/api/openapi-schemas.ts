import { builtinDefinitions, definitionName } from '../../kube/openapi/builtin-schemas.js';
import { REF_PREFIX, type OpenApiSchema } from '../../kube/openapi/schema.js';
import type { ServedType } from '../catalog/served-type.js';

const OBJECT_META = 'io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta';

/** The definition name of a served type: the built-in one, or `<reversed group>.<version>.<Kind>`. */
export function schemaNameOf(type: ServedType): string {
  if (type.crdName === undefined) return definitionName(type.group, type.version, type.kind);
  return `${type.group.split('.').reverse().join('.')}.${type.version}.${type.kind}`;
}

/** A custom resource's schema as published: its openAPIV3Schema with standard metadata and GVK. */
function customSchema(type: ServedType): OpenApiSchema {
  const base: OpenApiSchema = type.schema ?? {
    type: 'object',
    'x-kubernetes-preserve-unknown-fields': true,
  };
  return {
    ...base,
    properties: {
      apiVersion: {
        type: 'string',
        description: 'APIVersion defines the versioned schema of this representation of an object.',
      },
      kind: {
        type: 'string',
        description:
          'Kind is a string value representing the REST resource this object represents.',
      },
      ...base.properties,
      metadata: {
        allOf: [{ $ref: `${REF_PREFIX}${OBJECT_META}` }],
        description: "Standard object's metadata.",
      },
    },
    'x-kubernetes-group-version-kind': [
      { group: type.group, version: type.version, kind: type.kind },
    ],
  };
}

function refsOf(schema: unknown, out: Set<string>): void {
  if (Array.isArray(schema)) {
    for (const item of schema) refsOf(item, out);
    return;
  }
  if (typeof schema !== 'object' || schema === null) return;
  for (const [key, value] of Object.entries(schema)) {
    if (key === '$ref' && typeof value === 'string') out.add(value.slice(REF_PREFIX.length));
    else refsOf(value, out);
  }
}

/** The definitions that describe `types`, with everything they refer to. */
export function schemasFor(types: readonly ServedType[]): Record<string, OpenApiSchema> {
  const builtins = builtinDefinitions();
  const out: Record<string, OpenApiSchema> = {};
  const pending: string[] = [];
  for (const type of types) {
    const name = schemaNameOf(type);
    if (type.crdName === undefined) {
      pending.push(name, `${name}List`);
    } else {
      out[name] = customSchema(type);
      pending.push(OBJECT_META, 'io.k8s.apimachinery.pkg.apis.meta.v1.ListMeta');
    }
  }
  pending.push('io.k8s.apimachinery.pkg.apis.meta.v1.Status');
  while (pending.length > 0) {
    const name = pending.pop()!;
    const schema = builtins[name];
    if (schema === undefined || out[name] !== undefined) continue;
    out[name] = schema;
    const refs = new Set<string>();
    refsOf(schema, refs);
    for (const ref of refs) if (out[ref] === undefined) pending.push(ref);
  }
  return out;
}

/** The same schemas with swagger 2.0 references, for `/openapi/v2`. */
export function toSwaggerRefs(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(toSwaggerRefs);
  if (typeof value !== 'object' || value === null) return value;
  const out: Record<string, unknown> = {};
  for (const [key, child] of Object.entries(value)) {
    out[key] =
      key === '$ref' && typeof child === 'string'
        ? child.replace(REF_PREFIX, '#/definitions/')
        : toSwaggerRefs(child);
  }
  return out;
}
