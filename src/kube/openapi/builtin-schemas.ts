import { BUILTIN_TYPES, type ResourceType } from '../registry.js';
import { CORE_SCHEMAS } from './core-schemas.js';
import { META_SCHEMAS } from './meta-schemas.js';
import { POD_SCHEMAS } from './pod-schemas.js';
import { kind, listKind, openObj } from './schema-builder.js';
import type { OpenApiSchema } from './schema.js';
import { WORKLOAD_SCHEMAS } from './workload-schemas.js';

const GROUP_PACKAGES: Readonly<Record<string, string>> = {
  '': 'io.k8s.api.core',
  'apiextensions.k8s.io': 'io.k8s.apiextensions-apiserver.pkg.apis.apiextensions',
};

/** The definition name the API server uses for a built-in kind (`io.k8s.api.apps.v1.Deployment`). */
export function definitionName(group: string, version: string, kindName: string): string {
  const pkg = GROUP_PACKAGES[group] ?? `io.k8s.api.${group.split('.')[0]!}`;
  return `${pkg}.${version}.${kindName}`;
}

function buildDefinitions(): Record<string, OpenApiSchema> {
  const defs: Record<string, OpenApiSchema> = {
    ...META_SCHEMAS,
    ...POD_SCHEMAS,
    ...CORE_SCHEMAS,
    ...WORKLOAD_SCHEMAS,
  };
  for (const type of BUILTIN_TYPES) {
    const name = definitionName(type.group, type.version, type.kind);
    // Kinds this server does not spell out keep any field, as their real schemas allow.
    defs[name] ??= kind(
      type.group,
      type.version,
      type.kind,
      `${type.kind} is a Kubernetes ${type.kind}.`,
      {},
      { open: true },
    );
    defs[`${name}List`] = listKind(type.group, type.version, name, type.kind);
  }
  defs['io.k8s.apimachinery.pkg.apis.meta.v1.Status'] = openObj(
    'Status is a return value for calls that do not return other objects.',
  );
  return defs;
}

let cached: Record<string, OpenApiSchema> | undefined;

/** Every built-in definition by name, built on first use. */
export function builtinDefinitions(): Readonly<Record<string, OpenApiSchema>> {
  cached ??= buildDefinitions();
  return cached;
}

/** The schema of a built-in kind, or undefined for kinds Ferry does not know. */
export function builtinKindSchema(
  type: Pick<ResourceType, 'group' | 'version' | 'kind'>,
): OpenApiSchema | undefined {
  return builtinDefinitions()[definitionName(type.group, type.version, type.kind)];
}

/** Resolves `$ref` names against the built-in definitions. */
export function resolveBuiltin(name: string): OpenApiSchema | undefined {
  return builtinDefinitions()[name];
}
