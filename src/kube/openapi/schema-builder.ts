import { REF_PREFIX, type OpenApiSchema } from './schema.js';

/** Terse constructors for the built-in definitions. */

export const str = (description?: string): OpenApiSchema => ({
  type: 'string',
  ...(description === undefined ? {} : { description }),
});
export const int32 = (description?: string): OpenApiSchema => ({
  type: 'integer',
  format: 'int32',
  ...(description === undefined ? {} : { description }),
});
export const int64 = (description?: string): OpenApiSchema => ({
  type: 'integer',
  format: 'int64',
  ...(description === undefined ? {} : { description }),
});
export const bool = (description?: string): OpenApiSchema => ({
  type: 'boolean',
  ...(description === undefined ? {} : { description }),
});
export const time = (description?: string): OpenApiSchema => ({
  type: 'string',
  format: 'date-time',
  ...(description === undefined ? {} : { description }),
});
export const intOrString = (description?: string): OpenApiSchema => ({
  'x-kubernetes-int-or-string': true,
  ...(description === undefined ? {} : { description }),
});
export const quantity = (): OpenApiSchema => ref('io.k8s.apimachinery.pkg.api.resource.Quantity');

/** A `map[string]string`, such as labels. */
export const stringMap = (description?: string): OpenApiSchema => ({
  type: 'object',
  additionalProperties: { type: 'string', default: '' },
  ...(description === undefined ? {} : { description }),
});

export interface ObjOptions {
  description?: string;
  required?: string[];
  /** Accepts undeclared fields (for definitions this server does not spell out). */
  open?: boolean;
}

export function obj(
  properties: Record<string, OpenApiSchema>,
  opts: ObjOptions = {},
): OpenApiSchema {
  return {
    type: 'object',
    ...(opts.description === undefined ? {} : { description: opts.description }),
    properties,
    ...(opts.required === undefined ? {} : { required: opts.required }),
    ...(opts.open === true ? { 'x-kubernetes-preserve-unknown-fields': true } : {}),
  };
}

/** An object whose fields are not spelled out here. */
export const openObj = (description?: string): OpenApiSchema => ({
  type: 'object',
  'x-kubernetes-preserve-unknown-fields': true,
  ...(description === undefined ? {} : { description }),
});

/** A reference to a named definition, with its own description as the API server writes it. */
export function ref(name: string, description?: string): OpenApiSchema {
  if (description === undefined) return { $ref: `${REF_PREFIX}${name}` };
  return { allOf: [{ $ref: `${REF_PREFIX}${name}` }], description };
}

/** An atomic list (replaced as a whole by patches and apply). */
export function list(items: OpenApiSchema, description?: string): OpenApiSchema {
  return {
    type: 'array',
    items,
    ...(description === undefined ? {} : { description }),
    'x-kubernetes-list-type': 'atomic',
  };
}

/** A list of scalars merged as a set. */
export function setList(items: OpenApiSchema, description?: string): OpenApiSchema {
  return {
    type: 'array',
    items,
    ...(description === undefined ? {} : { description }),
    'x-kubernetes-list-type': 'set',
    'x-kubernetes-patch-strategy': 'merge',
  };
}

/** An associative list keyed by `keys`; strategic merge patch merges on the first key. */
export function mapList(
  items: OpenApiSchema,
  keys: string[],
  description?: string,
  patchMergeKey = keys[0]!,
): OpenApiSchema {
  return {
    type: 'array',
    items,
    ...(description === undefined ? {} : { description }),
    'x-kubernetes-list-type': 'map',
    'x-kubernetes-list-map-keys': keys,
    'x-kubernetes-patch-merge-key': patchMergeKey,
    'x-kubernetes-patch-strategy': 'merge',
  };
}

/** A top-level kind: apiVersion, kind, metadata plus its own fields, tagged with its GVK. */
export function kind(
  group: string,
  version: string,
  kindName: string,
  description: string,
  properties: Record<string, OpenApiSchema>,
  opts: { open?: boolean; required?: string[] } = {},
): OpenApiSchema {
  return {
    ...obj(
      {
        apiVersion: str(
          'APIVersion defines the versioned schema of this representation of an object. Servers should convert recognized schemas to the latest internal value, and may reject unrecognized values.',
        ),
        kind: str(
          'Kind is a string value representing the REST resource this object represents. Servers may infer this from the endpoint the client submits requests to. In CamelCase.',
        ),
        metadata: ref(
          'io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta',
          "Standard object's metadata.",
        ),
        ...properties,
      },
      {
        description,
        ...(opts.open === true ? { open: true } : {}),
        ...(opts.required === undefined ? {} : { required: opts.required }),
      },
    ),
    'x-kubernetes-group-version-kind': [{ group, version, kind: kindName }],
  };
}

/** The `<Kind>List` definition that goes with a kind. */
export function listKind(
  group: string,
  version: string,
  itemName: string,
  kindName: string,
): OpenApiSchema {
  return {
    ...obj(
      {
        apiVersion: str(
          'APIVersion defines the versioned schema of this representation of an object.',
        ),
        items: list(ref(itemName), `Items is the list of ${kindName}.`),
        kind: str('Kind is a string value representing the REST resource this object represents.'),
        metadata: ref('io.k8s.apimachinery.pkg.apis.meta.v1.ListMeta', 'Standard list metadata.'),
      },
      { description: `${kindName}List is a list of ${kindName} objects.`, required: ['items'] },
    ),
    'x-kubernetes-group-version-kind': [{ group, version, kind: `${kindName}List` }],
  };
}
