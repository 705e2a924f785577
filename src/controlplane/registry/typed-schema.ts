import { builtinKindSchema, resolveBuiltin } from '../../kube/openapi/builtin-schemas.js';
import { REF_PREFIX, type OpenApiSchema } from '../../kube/openapi/schema.js';
import type { FieldsScope } from '../../kube/ssa/managed-fields.js';
import type { Typed } from '../../kube/ssa/typed-value.js';
import type { ServedType } from '../catalog/served-type.js';

const OBJECT_META = `${REF_PREFIX}io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta`;
const cache = new WeakMap<OpenApiSchema, OpenApiSchema>();

/**
 * The schema a served type's objects follow: the built-in definition, or the CRD's
 * openAPIV3Schema with the standard metadata (a custom resource without one is untyped).
 */
export function typedOf(type: ServedType): Typed {
  if (type.crdName === undefined)
    return { schema: builtinKindSchema(type), resolve: resolveBuiltin };
  if (type.schema === undefined) return { schema: undefined, resolve: resolveBuiltin };
  let root = cache.get(type.schema);
  if (root === undefined) {
    root = {
      ...type.schema,
      properties: {
        ...type.schema.properties,
        apiVersion: { type: 'string' },
        kind: { type: 'string' },
        metadata: { $ref: OBJECT_META },
      },
    };
    cache.set(type.schema, root);
  }
  return { schema: root, resolve: resolveBuiltin };
}

/** Which fields a write through `subresource` may own. */
export function fieldsScope(type: ServedType, subresource: string | undefined): FieldsScope {
  if (subresource === 'status') return 'status';
  return type.subresources.includes('status') ? 'main' : 'all';
}
