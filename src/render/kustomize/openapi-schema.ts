import { isPlainObject } from '../../kube/object.js';
import type { ListMerge, MergeSchema } from './strategic-merge.js';
import { parseYamlFile, yamlFileError, type YamlFile } from './yaml-file.js';

type Schema = Record<string, unknown>;

/** A custom OpenAPI (Swagger 2) schema named by a kustomization's `openapi.path`. */
export interface CustomSchema {
  file: string;
  /** The schema of a kind, from the definition whose `x-kubernetes-group-version-kind` names it. */
  lookup(apiVersion: string, kind: string): MergeSchema | undefined;
  /** `apiVersion/kind` of the types the schema's paths declare cluster-scoped. */
  clusterScoped: string[];
}

const GVK = 'x-kubernetes-group-version-kind';
const PATCH_STRATEGY = 'x-kubernetes-patch-strategy';
const MERGE_KEY = 'x-kubernetes-patch-merge-key';
const LIST_MAP_KEYS = 'x-kubernetes-list-map-keys';

/**
 * Reads a custom schema, JSON or YAML, as kyaml does: `definitions` indexed by their
 * `x-kubernetes-group-version-kind`, `$ref`s resolved as JSON pointers into the document,
 * and `paths` giving the scope of types. Kustomize reads only the merge extensions
 * (`x-kubernetes-patch-strategy`, `x-kubernetes-patch-merge-key`,
 * `x-kubernetes-list-map-keys`); a malformed file is an error naming it and the line.
 */
export function parseCustomSchema(file: string, text: string): CustomSchema {
  const yaml = parseYamlFile(file, text);
  const root = yaml.value;
  if (!isPlainObject(root)) {
    throw yamlFileError(yaml, [], 'an openapi schema must be a map with "definitions"');
  }
  const definitions = root['definitions'] ?? {};
  if (!isPlainObject(definitions)) {
    throw yamlFileError(yaml, ['definitions'], '"definitions" must map type names to schemas');
  }
  const byType = new Map<string, Schema>();
  for (const [name, definition] of Object.entries(definitions)) {
    if (!isPlainObject(definition)) {
      throw yamlFileError(
        yaml,
        ['definitions', name],
        `definition "${name}" must be a schema (a map)`,
      );
    }
    const gvks = definition[GVK];
    if (!Array.isArray(gvks)) continue;
    gvks.forEach((gvk, i) => {
      const type = typeOf(yaml, ['definitions', name, GVK, i], gvk);
      byType.set(type, definition);
    });
  }
  const resolver = new Resolver(root);
  return {
    file,
    lookup(apiVersion, kind) {
      const schema = byType.get(`${apiVersion}/${kind}`);
      return schema === undefined ? undefined : node(resolver, schema);
    },
    clusterScoped: clusterScopedTypes(yaml, root['paths']),
  };
}

/** `apiVersion/kind` of a `x-kubernetes-group-version-kind` entry. */
function typeOf(yaml: YamlFile, path: (string | number)[], gvk: unknown): string {
  const group = isPlainObject(gvk) ? gvk['group'] : undefined;
  const version = isPlainObject(gvk) ? gvk['version'] : undefined;
  const kind = isPlainObject(gvk) ? gvk['kind'] : undefined;
  if (
    typeof version !== 'string' ||
    typeof kind !== 'string' ||
    (group !== undefined && typeof group !== 'string')
  ) {
    throw yamlFileError(yaml, path, `${GVK} entries need string version and kind (and group)`);
  }
  return `${group ? `${group}/` : ''}${version}/${kind}`;
}

/** Types with GET paths only outside `namespaces/{namespace}`, as kyaml reads scope. */
function clusterScopedTypes(yaml: YamlFile, paths: unknown): string[] {
  if (!isPlainObject(paths)) return [];
  const namespaced = new Map<string, boolean>();
  for (const [path, item] of Object.entries(paths)) {
    const get = isPlainObject(item) ? item['get'] : undefined;
    const gvk = isPlainObject(get) ? get[GVK] : undefined;
    if (gvk === undefined) continue;
    const type = typeOf(yaml, ['paths', path, 'get', GVK], gvk);
    namespaced.set(type, namespaced.get(type) === true || path.includes('namespaces/{namespace}'));
  }
  return [...namespaced].filter(([, ns]) => !ns).map(([type]) => type);
}

/** Resolves `$ref` JSON pointers (`#/definitions/...`) within the schema document. */
class Resolver {
  constructor(private readonly root: Schema) {}

  /** Follows `$ref`s to the schema they name; `undefined` when one does not resolve. */
  resolve(schema: Schema): Schema | undefined {
    let current: Schema | undefined = schema;
    for (let depth = 0; current !== undefined; depth++) {
      const ref = current['$ref'];
      if (typeof ref !== 'string' || ref === '') return current;
      if (depth > 32) return undefined;
      current = this.pointer(ref);
    }
    return undefined;
  }

  private pointer(ref: string): Schema | undefined {
    if (!ref.startsWith('#')) return undefined;
    let at: unknown = this.root;
    for (const raw of ref.slice(1).split('/').slice(1)) {
      const token = decodeURIComponent(raw).replace(/~1/gu, '/').replace(/~0/gu, '~');
      at = isPlainObject(at) ? at[token] : undefined;
    }
    return isPlainObject(at) ? at : undefined;
  }
}

function node(resolver: Resolver, schema: Schema): MergeSchema {
  return {
    field(name) {
      const properties = schema['properties'];
      const declared = isPlainObject(properties) ? properties[name] : undefined;
      const additional = schema['additionalProperties'];
      const found = isPlainObject(declared)
        ? declared
        : isPlainObject(additional)
          ? additional
          : undefined;
      const resolved = found === undefined ? undefined : resolver.resolve(found);
      return resolved === undefined ? undefined : node(resolver, resolved);
    },
    items() {
      const type = schema['type'];
      const isArray =
        type === 'array' || (Array.isArray(type) && type.length === 1 && type[0] === 'array');
      const items = schema['items'];
      if (!isArray || !isPlainObject(items)) return undefined;
      const resolved = resolver.resolve(items);
      return resolved === undefined ? undefined : node(resolver, resolved);
    },
    list: (items) => listMerge(schema, items),
  };
}

/** How kyaml merges a list its schema describes: on merge keys when the strategy says merge. */
function listMerge(schema: Schema, items: readonly unknown[]): ListMerge {
  const strategy = schema[PATCH_STRATEGY];
  if (typeof strategy !== 'string' || !strategy.split(',').includes('merge')) {
    return { type: 'replace' };
  }
  const mapKeys = schema[LIST_MAP_KEYS];
  const mergeKey = schema[MERGE_KEY];
  const keys = Array.isArray(mapKeys)
    ? mapKeys.filter((k): k is string => typeof k === 'string')
    : typeof mergeKey === 'string'
      ? [mergeKey]
      : [];
  if (keys.length === 0) {
    if (items.every((item) => item === null || typeof item !== 'object')) return { type: 'set' };
    return {
      type: 'unsupported',
      reason: 'the schema merges this list but gives no merge key, and its items are not scalars',
    };
  }
  const keyless = items.find(
    (item) =>
      !isPlainObject(item) ||
      keys.some((k) => item[k] === undefined || item[k] === null || typeof item[k] === 'object'),
  );
  if (keyless !== undefined) {
    return {
      type: 'unsupported',
      reason: `the schema merges this list on ${keys.map((k) => `"${k}"`).join(', ')}, but an item lacks it (Kustomize drops items of such lists unpredictably)`,
    };
  }
  const [first, ...rest] = keys;
  return rest.length === 0 && first !== undefined
    ? { type: 'keyed', key: first }
    : { type: 'multiKeyed', keys };
}
