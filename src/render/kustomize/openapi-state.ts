import { isPlainObject, type KubeObject } from '../../kube/object.js';
import { RenderError } from '../../model/errors.js';
import { isKyamlBuiltinType } from './kyaml-builtin-types.js';
import { readFileRef, type KustomizationSite } from './kustomize-files.js';
import { parseCustomSchema, type CustomSchema } from './openapi-schema.js';
import { isClusterScoped } from './resource.js';
import { BUILTIN_MERGE_SCHEMA, type SchemaLookup } from './strategic-merge.js';

/** The one built-in schema version Kustomize v5 carries, which is also its default. */
const BUILTIN_OPENAPI_VERSION = 'v1.21.2';

/** The `openapi` field of a kustomization. */
export interface OpenApiField {
  path?: string;
  version?: string;
}

/**
 * Which OpenAPI schema the strategic merge patches of a build use. Kustomize keeps this
 * process-wide: the top kustomization chooses first, and otherwise the first kustomization
 * built (bases and components included, depth first) whose `openapi` names a schema; it
 * then holds for the rest of the build, in overlays too. A custom schema replaces the
 * built-in one, unless kyaml had already loaded the built-in one (it does so lazily, on
 * the first strategic merge patch or the first resource of a type it does not know by
 * heart), in which case both describe kinds.
 */
export interface OpenApiState {
  /** The kustomization whose `openapi` chose the schema; later ones are read but ignored. */
  chosenBy?: string;
  custom?: CustomSchema;
  /** Whether kyaml would have loaded the built-in schema by now. */
  builtinLoaded: boolean;
  /** A custom schema chosen after the built-in one loaded: kinds it lacks keep theirs. */
  keepBuiltin: boolean;
}

export function newOpenApiState(): OpenApiState {
  return { builtinLoaded: false, keepBuiltin: false };
}

/**
 * Applies a kustomization's `openapi` field, when it is the first to name a schema. As in
 * Kustomize, the schema file is read (and must exist within the kustomization directory)
 * even when an earlier choice stands.
 */
export async function applyOpenApiField(
  state: OpenApiState,
  site: KustomizationSite,
  openapi: OpenApiField | undefined,
): Promise<void> {
  if (openapi === undefined) return;
  let text: string | undefined;
  let schemaPath: string | undefined;
  if (openapi.path !== undefined) {
    if (openapi.path === '') {
      throw new RenderError(`${site.file}: openapi.path is empty`, {
        data: { file: site.file, field: 'openapi' },
      });
    }
    const schema = await readFileRef(site, openapi.path, 'openapi schema');
    schemaPath = schema.path;
    text = schema.text;
  }
  if (state.chosenBy !== undefined) return;
  if (openapi.version !== undefined) {
    if (schemaPath !== undefined) {
      throw new RenderError(
        `${site.file}: openapi names both a built-in version and a schema file; use one`,
        { data: { file: site.file, field: 'openapi' } },
      );
    }
    if (openapi.version !== BUILTIN_OPENAPI_VERSION) {
      throw new RenderError(
        `${site.file}: openapi.version ${openapi.version} is not built in; Kustomize carries only ${BUILTIN_OPENAPI_VERSION}`,
        { data: { file: site.file, field: 'openapi' } },
      );
    }
    state.chosenBy = site.file;
    return;
  }
  if (schemaPath === undefined || text === undefined) return;
  const custom = parseCustomSchema(schemaPath, text);
  for (const type of custom.clusterScoped) {
    const kind = type.slice(type.lastIndexOf('/') + 1);
    if (!isClusterScoped(kind)) {
      throw new RenderError(
        `${schemaPath}: the schema's paths make ${type} cluster-scoped; Ferry's Kustomize renderer takes scope from built-in kinds only and would treat it as namespaced`,
        { data: { file: schemaPath, type } },
      );
    }
  }
  state.custom = custom;
  state.keepBuiltin = state.builtinLoaded;
  state.chosenBy = site.file;
}

/** Notes a resource read into the build: a type kyaml does not know loads its schema. */
export function noteResourceType(state: OpenApiState, obj: KubeObject): void {
  if (!isKyamlBuiltinType(obj.apiVersion, obj.kind)) state.builtinLoaded = true;
}

/**
 * The schemas a strategic merge patch merges with, by apiVersion and kind. Applying a
 * patch loads kyaml's schema, so a custom schema chosen afterwards keeps the built-in one.
 */
export function patchSchemaLookup(state: OpenApiState): SchemaLookup {
  state.builtinLoaded = true;
  const { custom, keepBuiltin } = state;
  return (apiVersion, kind) => {
    const own = custom?.lookup(apiVersion, kind);
    if (own !== undefined) return own;
    const builtin = custom === undefined || keepBuiltin;
    return builtin && isKyamlBuiltinType(apiVersion, kind) ? BUILTIN_MERGE_SCHEMA : undefined;
  };
}

/** `openapi` as written in a kustomization: a map of strings (`path`, `version`). */
export function parseOpenApiField(
  file: string,
  value: unknown,
  warnings: { file: string; message: string }[],
): OpenApiField | undefined {
  if (value === undefined || value === null) return undefined;
  if (!isPlainObject(value)) {
    throw new RenderError(`${file}: "openapi" must be a map with path or version`, {
      data: { file, field: 'openapi' },
    });
  }
  const field: OpenApiField = {};
  for (const [key, v] of Object.entries(value)) {
    if (typeof v !== 'string') {
      throw new RenderError(`${file}: "openapi.${key}" must be a string`, {
        data: { file, field: 'openapi' },
      });
    }
    if (key === 'path' || key === 'version') field[key] = v;
    else {
      warnings.push({ file, message: `openapi.${key} is ignored, as Kustomize ignores it` });
    }
  }
  return field;
}
