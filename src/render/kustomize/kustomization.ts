import { parseDocument } from 'yaml';
import { isPlainObject } from '../../kube/object.js';
import { RenderError } from '../../model/errors.js';
import { resolveCoreScalar } from '../core-schema.js';
import { parseSimpleYaml, UNSUPPORTED as NEEDS_LIBRARY } from '../fast-yaml.js';
import type { RenderWarning } from '../render-result.js';
import type { FieldSpec } from './field-spec.js';
import { parseOpenApiField, type OpenApiField } from './openapi-state.js';

/** A patch target selector, as in `patches[].target`. */
export interface PatchTarget {
  group?: string;
  version?: string;
  kind?: string;
  name?: string;
  namespace?: string;
  labelSelector?: string;
  annotationSelector?: string;
}

export interface PatchEntry {
  path?: string;
  patch?: string;
  target?: PatchTarget;
  options?: { allowNameChange?: boolean; allowKindChange?: boolean };
}

export interface GeneratorOptions {
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  disableNameSuffixHash?: boolean;
  immutable?: boolean;
}

export interface GeneratorArgs {
  name?: string;
  namespace?: string;
  behavior?: string;
  literals?: string[];
  files?: string[];
  envs?: string[];
  /** Legacy single env file. */
  env?: string;
  options?: GeneratorOptions;
  /** Secrets only. */
  type?: string;
}

export interface ImageEntry {
  name: string;
  newName?: string;
  newTag?: string;
  digest?: string;
}

export interface LabelEntry {
  pairs?: Record<string, string>;
  includeSelectors?: boolean;
  includeTemplates?: boolean;
  fields?: FieldSpec[];
}

/** The fields of a kustomization file that Ferry reads, after legacy fields are folded in. */
export interface Kustomization {
  apiVersion?: string;
  kind?: string;
  namespace?: string;
  namePrefix?: string;
  nameSuffix?: string;
  commonLabels?: Record<string, string>;
  labels?: LabelEntry[];
  commonAnnotations?: Record<string, string>;
  resources?: string[];
  components?: string[];
  crds?: string[];
  patches?: PatchEntry[];
  patchesStrategicMerge?: string[];
  patchesJson6902?: PatchEntry[];
  images?: ImageEntry[];
  replicas?: { name: string; count: number }[];
  configMapGenerator?: GeneratorArgs[];
  secretGenerator?: GeneratorArgs[];
  generatorOptions?: GeneratorOptions;
  replacements?: Record<string, unknown>[];
  vars?: Record<string, unknown>[];
  sortOptions?: SortOptions;
  /** Transformer configuration files. */
  configurations?: string[];
  openapi?: OpenApiField;
}

/** `sortOptions`: the output order, and for `legacy` the kinds put first and last. */
export interface SortOptions {
  order?: 'legacy' | 'fifo';
  legacySortOptions?: { orderFirst?: string[]; orderLast?: string[] };
}

const SUPPORTED = new Set([
  'apiVersion',
  'kind',
  'metadata',
  'namespace',
  'namePrefix',
  'nameSuffix',
  'commonLabels',
  'labels',
  'commonAnnotations',
  'resources',
  'bases',
  'components',
  'crds',
  'patches',
  'patchesStrategicMerge',
  'patchesJson6902',
  'images',
  'imageTags',
  'replicas',
  'configMapGenerator',
  'secretGenerator',
  'generatorOptions',
  'replacements',
  'vars',
  'sortOptions',
  'buildMetadata',
  'openapi',
  'configurations',
]);

/** Fields Kustomize has that Ferry does not render yet: an error rather than a silent difference. */
const UNSUPPORTED = new Set([
  'generators',
  'transformers',
  'validators',
  'helmCharts',
  'helmGlobals',
  'helmChartInflationGenerator',
]);

/** `buildMetadata` options Kustomize knows; Ferry does not add the metadata they ask for yet. */
const BUILD_METADATA = ['originAnnotations', 'transformerAnnotations', 'managedByLabel'];

/**
 * Parses a kustomization file. Legacy `bases` join `resources` and `imageTags` join `images`,
 * as `kustomize edit fix` would. Unknown fields are an error naming the file, as in Kustomize;
 * what Kustomize reads but ignores (unknown `openapi` keys) is added to `warnings`.
 */
export function parseKustomization(
  file: string,
  text: string,
  warnings: RenderWarning[] = [],
): Kustomization {
  const raw: unknown = parseKustomizationYaml(file, text) ?? {};
  if (!isPlainObject(raw)) {
    throw new RenderError(`${file}: a kustomization must be a map of fields`, { data: { file } });
  }
  for (const key of Object.keys(raw)) {
    if (UNSUPPORTED.has(key)) {
      throw new RenderError(
        `${file}: "${key}" is not supported by Ferry's Kustomize renderer yet`,
        {
          data: { file, field: key },
        },
      );
    }
    if (!SUPPORTED.has(key)) {
      throw new RenderError(`${file}: unknown field "${key}" in kustomization`, {
        data: { file, field: key },
      });
    }
  }
  const k = raw as Kustomization & { bases?: unknown; imageTags?: unknown };
  const resources = [...stringList(file, raw, 'resources'), ...stringList(file, raw, 'bases')];
  const kustomization: Kustomization = { ...k, resources };
  delete (kustomization as { bases?: unknown }).bases;
  if (Array.isArray(k.imageTags)) {
    kustomization.images = [...(k.images ?? []), ...(k.imageTags as ImageEntry[])];
    delete (kustomization as { imageTags?: unknown }).imageTags;
  }
  for (const field of ['components', 'crds', 'patchesStrategicMerge', 'configurations'] as const) {
    kustomization[field] = stringList(file, raw, field);
  }
  kustomization.openapi = parseOpenApiField(file, raw['openapi'], warnings);
  kustomization.sortOptions = parseSortOptions(file, raw['sortOptions']);
  rejectBuildMetadata(file, raw['buildMetadata']);
  for (const field of ['commonLabels', 'commonAnnotations'] as const) {
    const map = raw[field];
    if (map !== undefined && map !== null) kustomization[field] = stringMap(file, field, map);
  }
  return kustomization;
}

function parseSortOptions(file: string, value: unknown): SortOptions | undefined {
  if (value === undefined || value === null) return undefined;
  const fail = (message: string): RenderError =>
    new RenderError(`${file}: ${message}`, { data: { file, field: 'sortOptions' } });
  if (!isPlainObject(value)) throw fail('"sortOptions" must be a map');
  for (const key of Object.keys(value)) {
    if (key !== 'order' && key !== 'legacySortOptions') {
      throw fail(`unknown field "sortOptions.${key}"`);
    }
  }
  const { order, legacySortOptions: legacy } = value;
  if (order !== undefined && order !== 'legacy' && order !== 'fifo') {
    throw fail(`sortOptions.order must be one of [fifo, legacy]`);
  }
  const options: SortOptions = order === undefined ? {} : { order };
  if (legacy === undefined || legacy === null) return options;
  if (order !== 'legacy') {
    throw fail(
      `sortOptions.legacySortOptions is set but the selected sort order is '${order ?? ''}', not 'legacy'`,
    );
  }
  if (!isPlainObject(legacy)) throw fail('"sortOptions.legacySortOptions" must be a map');
  options.legacySortOptions = {};
  for (const [key, kinds] of Object.entries(legacy)) {
    if (key !== 'orderFirst' && key !== 'orderLast') {
      throw fail(`unknown field "sortOptions.legacySortOptions.${key}"`);
    }
    if (kinds === null) continue;
    if (!Array.isArray(kinds) || !kinds.every((k) => typeof k === 'string')) {
      throw fail(`sortOptions.legacySortOptions.${key} must be a list of kinds`);
    }
    options.legacySortOptions[key] = kinds;
  }
  return options;
}

/** `buildMetadata` adds annotations and labels Ferry does not write yet: an error, not a silent difference. */
function rejectBuildMetadata(file: string, value: unknown): void {
  if (value === undefined || value === null) return;
  if (!Array.isArray(value) || !value.every((v) => typeof v === 'string')) {
    throw new RenderError(`${file}: "buildMetadata" must be a list of strings`, {
      data: { file, field: 'buildMetadata' },
    });
  }
  const unknown = value.find((v) => !BUILD_METADATA.includes(v));
  if (unknown !== undefined) {
    throw new RenderError(
      `${file}: buildMetadata option "${unknown}" is unknown (known: ${BUILD_METADATA.join(', ')})`,
      { data: { file, field: 'buildMetadata' } },
    );
  }
  if (value.length > 0) {
    throw new RenderError(
      `${file}: "buildMetadata" (${value.join(', ')}) is not supported by Ferry's Kustomize renderer yet`,
      { data: { file, field: 'buildMetadata' } },
    );
  }
}

/** The YAML of a kustomization file; plain block YAML takes a fast path with the same result. */
function parseKustomizationYaml(file: string, text: string): unknown {
  const fast = parseSimpleYaml(text, resolveCoreScalar);
  if (fast !== NEEDS_LIBRARY) return fast;
  const doc = parseDocument(text, { uniqueKeys: true });
  const error = doc.errors[0];
  if (error !== undefined) {
    const line = error.linePos?.[0].line;
    throw new RenderError(
      `${file}${line === undefined ? '' : `:${line}`}: ${error.message.split('\n')[0]}`,
      {
        cause: error,
        data: { file, line },
      },
    );
  }
  return doc.toJS();
}

function stringList(file: string, raw: Record<string, unknown>, field: string): string[] {
  const value = raw[field];
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value) || !value.every((v) => typeof v === 'string')) {
    throw new RenderError(`${file}: "${field}" must be a list of strings`, {
      data: { file, field },
    });
  }
  return value;
}

/** Label and annotation values are strings; YAML numbers and booleans become their text. */
export function stringMap(file: string, field: string, value: unknown): Record<string, string> {
  if (!isPlainObject(value)) {
    throw new RenderError(`${file}: "${field}" must be a map of strings`, {
      data: { file, field },
    });
  }
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(value)) {
    if (v === null || typeof v === 'object') {
      throw new RenderError(`${file}: "${field}.${k}" must be a string`, { data: { file, field } });
    }
    out[k] = String(v);
  }
  return out;
}
