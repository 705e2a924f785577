/**
 * OpenAPI v3 schemas as the API server publishes them, with the Kubernetes extensions that
 * server-side apply, strategic merge patch and `kubectl explain` read. Built-in
 * definitions refer to each other with `$ref: '#/components/schemas/<name>'`.
 */
export interface OpenApiSchema {
  type?: 'object' | 'array' | 'string' | 'integer' | 'number' | 'boolean';
  format?: string;
  description?: string;
  properties?: Record<string, OpenApiSchema>;
  additionalProperties?: OpenApiSchema | boolean;
  required?: string[];
  items?: OpenApiSchema;
  enum?: unknown[];
  default?: unknown;
  $ref?: string;
  allOf?: OpenApiSchema[];
  'x-kubernetes-list-type'?: 'atomic' | 'set' | 'map';
  'x-kubernetes-list-map-keys'?: string[];
  'x-kubernetes-map-type'?: 'atomic' | 'granular';
  'x-kubernetes-patch-merge-key'?: string;
  'x-kubernetes-patch-strategy'?: string;
  'x-kubernetes-preserve-unknown-fields'?: boolean;
  'x-kubernetes-int-or-string'?: boolean;
  'x-kubernetes-embedded-resource'?: boolean;
  'x-kubernetes-group-version-kind'?: { group: string; version: string; kind: string }[];
  [extension: string]: unknown;
}

export const REF_PREFIX = '#/components/schemas/';

/** Looks a definition up by name. */
export type SchemaResolver = (name: string) => OpenApiSchema | undefined;

/** Follows `$ref` and single-element `allOf` wrappers to the schema that describes a value. */
export function resolveSchema(
  schema: OpenApiSchema | undefined,
  resolve: SchemaResolver,
): OpenApiSchema | undefined {
  let current = schema;
  for (let depth = 0; current !== undefined && depth < 8; depth++) {
    if (current.$ref !== undefined) {
      current = resolve(current.$ref.slice(current.$ref.lastIndexOf('/') + 1));
    } else if (current.allOf?.length === 1 && current.properties === undefined) {
      current = current.allOf[0];
    } else {
      return current;
    }
  }
  return current;
}

/** The schema of field `name` within an object schema, or undefined when not declared. */
export function propertySchema(
  schema: OpenApiSchema | undefined,
  name: string,
): OpenApiSchema | undefined {
  if (schema === undefined) return undefined;
  const declared = schema.properties?.[name];
  if (declared !== undefined) return declared;
  return typeof schema.additionalProperties === 'object' ? schema.additionalProperties : undefined;
}

/** Whether an object schema accepts fields it does not declare. */
export function isOpenObject(schema: OpenApiSchema | undefined): boolean {
  if (schema === undefined) return true;
  if (schema['x-kubernetes-preserve-unknown-fields'] === true) return true;
  if (schema.additionalProperties !== undefined && schema.additionalProperties !== false)
    return true;
  return schema.properties === undefined;
}

/** How a list is merged by apply: the declared list type, or the strategic merge key. */
export function listTypeOf(schema: OpenApiSchema | undefined): {
  type: 'atomic' | 'set' | 'map';
  keys: string[];
} {
  if (schema === undefined) return { type: 'atomic', keys: [] };
  const declared = schema['x-kubernetes-list-type'];
  const keys = schema['x-kubernetes-list-map-keys'];
  if (declared === 'map' && keys !== undefined && keys.length > 0) return { type: 'map', keys };
  if (declared === 'set') return { type: 'set', keys: [] };
  return { type: 'atomic', keys: [] };
}
