import { createHash } from 'node:crypto';
import type { ResourceCatalog } from '../catalog/resource-catalog.js';
import type { ServedType } from '../catalog/served-type.js';
import { schemaNameOf, schemasFor, toSwaggerRefs } from './openapi-schemas.js';

/**
 * OpenAPI documents: v3 per group/version (`/openapi/v3/apis/apps/v1`) with an index at
 * `/openapi/v3`, and the whole API as swagger 2.0 JSON at `/openapi/v2`. Schemas come from
 * the built-in definitions and from CRDs' openAPIV3Schema; kubectl reads them for
 * `explain`, for server-side field validation and for diffs.
 */

const QUERY_PARAMS = ['fieldValidation', 'fieldManager', 'dryRun', 'force', 'pretty'];
/** Patch types a server lists; strategic merge patch only for built-in kinds, as a real server. */
const PATCH_TYPES = [
  'application/json-patch+json',
  'application/merge-patch+json',
  'application/apply-patch+yaml',
];

function gvPath(group: string, version: string): string {
  return group === '' ? `api/${version}` : `apis/${group}/${version}`;
}

function groupVersions(catalog: ResourceCatalog): [string, string][] {
  const seen = new Map<string, [string, string]>();
  for (const t of catalog.all()) seen.set(gvPath(t.group, t.version), [t.group, t.version]);
  return [...seen.values()];
}

const cache = new WeakMap<ResourceCatalog, { revision: number; docs: Map<string, unknown> }>();

function memo(catalog: ResourceCatalog, key: string, build: () => unknown): unknown {
  let entry = cache.get(catalog);
  if (entry === undefined || entry.revision !== catalog.revision) {
    entry = { revision: catalog.revision, docs: new Map() };
    cache.set(catalog, entry);
  }
  if (!entry.docs.has(key)) entry.docs.set(key, build());
  return entry.docs.get(key);
}

export function openApiV3Root(catalog: ResourceCatalog): unknown {
  return memo(catalog, 'root', () => {
    const paths: Record<string, unknown> = {};
    for (const [group, version] of groupVersions(catalog)) {
      const path = gvPath(group, version);
      const hash = hashOf(openApiV3GroupVersion(catalog, group, version));
      paths[path] = { serverRelativeURL: `/openapi/v3/${path}?hash=${hash}` };
    }
    return { paths };
  });
}

function ref(type: ServedType, list = false): unknown {
  return { $ref: `#/components/schemas/${schemaNameOf(type)}${list ? 'List' : ''}` };
}

function operation(type: ServedType, action: string, verb: string): Record<string, unknown> {
  const op: Record<string, unknown> = {
    operationId: `${action}${type.kind}`,
    parameters: QUERY_PARAMS.map((name) => ({
      name,
      in: 'query',
      schema: { type: 'string', uniqueItems: true },
    })),
    responses: {
      '200': {
        description: 'OK',
        content: { 'application/json': { schema: ref(type, action === 'list') } },
      },
    },
    'x-kubernetes-action': action,
    'x-kubernetes-group-version-kind': {
      group: type.group,
      version: type.version,
      kind: type.kind,
    },
  };
  if (verb === 'post' || verb === 'put')
    op['requestBody'] = { content: { '*/*': { schema: ref(type) } }, required: true };
  if (verb === 'patch') {
    op['requestBody'] = {
      content: Object.fromEntries(PATCH_TYPES.map((t) => [t, { schema: { type: 'object' } }])),
      required: true,
    };
  }
  return op;
}

/** The OpenAPI v3 document of one group/version, or undefined when it is not served. */
export function openApiV3GroupVersion(
  catalog: ResourceCatalog,
  group: string,
  version: string,
): unknown {
  return memo(catalog, `${group}/${version}`, () => {
    const types = catalog.resourcesOf(group, version);
    if (types.length === 0) return undefined;
    return {
      openapi: '3.0.0',
      info: { title: 'Kubernetes', version: 'v1.32.0' },
      paths: pathsOf(types),
      components: { schemas: schemasFor(types) },
    };
  });
}

function pathsOf(types: readonly ServedType[]): Record<string, unknown> {
  const paths: Record<string, unknown> = {};
  for (const type of types) {
    const prefix = `/${gvPath(type.group, type.version)}`;
    const collection = type.namespaced
      ? `${prefix}/namespaces/{namespace}/${type.plural}`
      : `${prefix}/${type.plural}`;
    paths[collection] = {
      get: operation(type, 'list', 'get'),
      post: operation(type, 'post', 'post'),
    };
    paths[`${collection}/{name}`] = {
      get: operation(type, 'get', 'get'),
      put: operation(type, 'put', 'put'),
      patch: operation(type, 'patch', 'patch'),
      delete: operation(type, 'delete', 'delete'),
    };
  }
  return paths;
}

/** The swagger 2.0 document of everything served. */
export function openApiV2(catalog: ResourceCatalog): unknown {
  return memo(catalog, 'v2', () => {
    const types = catalog.all();
    const paths: Record<string, unknown> = {};
    for (const [path, item] of Object.entries(pathsOf(types))) {
      const ops: Record<string, unknown> = {};
      for (const [verb, op] of Object.entries(item as Record<string, Record<string, unknown>>)) {
        const rest = { ...op };
        delete rest['requestBody'];
        ops[verb] = { ...rest, responses: { '200': { description: 'OK' } } };
      }
      paths[path] = ops;
    }
    return {
      swagger: '2.0',
      info: { title: 'Kubernetes', version: 'v1.32.0' },
      paths,
      definitions: toSwaggerRefs(schemasFor(types)),
    };
  });
}

function hashOf(doc: unknown): string {
  return createHash('sha512').update(JSON.stringify(doc)).digest('hex').slice(0, 128).toUpperCase();
}

/** `/openapi/v3/<gv path>` → its document; undefined for other paths. */
export function openApiV3Document(catalog: ResourceCatalog, path: string): unknown {
  if (path === '/openapi/v3') return openApiV3Root(catalog);
  const rest = path.replace(/^\/openapi\/v3\//, '');
  if (rest === path) return undefined;
  const parts = rest.split('/');
  if (parts[0] === 'api' && parts.length === 2)
    return openApiV3GroupVersion(catalog, '', parts[1]!);
  if (parts[0] === 'apis' && parts.length === 3)
    return openApiV3GroupVersion(catalog, parts[1]!, parts[2]!);
  return undefined;
}
