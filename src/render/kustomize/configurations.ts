import { isPlainObject } from '../../kube/object.js';
import { RenderError } from '../../model/errors.js';
import type { FieldSpec } from './field-spec.js';
import { readFileRef, type KustomizationSite } from './kustomize-files.js';
import type { NameBackReference } from './name-reference-config.js';
import {
  defaultTransformerConfig,
  emptyTransformerConfig,
  FIELD_SPEC_LISTS,
  mergeTransformerConfig,
  type FieldSpecList,
  type TransformerConfig,
} from './transformer-config.js';
import { parseYamlFile, yamlFileError, type YamlFile } from './yaml-file.js';

type Path = (string | number)[];

/** A path in a configuration file as written, e.g. `nameReference[0].fieldSpecs`. */
const show = (path: Path): string =>
  path.map((p, i) => (typeof p === 'number' ? `[${p}]` : i === 0 ? p : `.${p}`)).join('');

const FIELD_SPEC_KEYS = new Set(['group', 'version', 'kind', 'path', 'create']);
const GVK_KEYS = ['group', 'version', 'kind'] as const;

/**
 * The transformer configuration of one kustomization: the built-in one, merged with its
 * `configurations` files in order. Like Kustomize, a file is read strictly: an unknown
 * key or a value of the wrong type is an error naming the file and line.
 */
export async function loadConfigurations(
  site: KustomizationSite,
  refs: readonly string[],
): Promise<TransformerConfig> {
  const config = defaultTransformerConfig();
  for (const ref of refs) {
    if (ref.includes('\n') || ref.includes('\r')) {
      throw new RenderError(
        `${site.file}: "configurations" entries are file paths; Kustomize does not read inline configurations`,
        { data: { file: site.file, field: 'configurations' } },
      );
    }
    const { path, text } = await readFileRef(site, ref, 'configurations file');
    const yaml = parseYamlFile(path, text);
    if (yaml.ignoredDocuments > 0) {
      site.warnings.push({
        file: path,
        message: `only the first YAML document of a configurations file is read; ${yaml.ignoredDocuments} more ignored, as Kustomize does`,
      });
    }
    mergeTransformerConfig(config, parseTransformerConfig(yaml), path);
  }
  return config;
}

/** Reads a transformer configuration file's value. */
function parseTransformerConfig(yaml: YamlFile): TransformerConfig {
  const config = emptyTransformerConfig();
  const raw = yaml.value;
  if (raw === null) return config;
  if (!isPlainObject(raw)) {
    throw yamlFileError(yaml, [], 'a transformer configuration must be a map of field-spec lists');
  }
  for (const [key, value] of Object.entries(raw)) {
    if (key === 'nameReference') {
      config.nameReference = list(yaml, [key], value).map((item, i) =>
        nameBackReference(yaml, [key, i], item),
      );
    } else if (isFieldSpecList(key)) {
      config[key] = list(yaml, [key], value).map((item, i) => fieldSpec(yaml, [key, i], item));
    } else {
      throw yamlFileError(
        yaml,
        [key],
        `unknown field "${key}" in transformer configuration (known: ${[...FIELD_SPEC_LISTS, 'nameReference'].join(', ')})`,
      );
    }
  }
  return config;
}

const isFieldSpecList = (key: string): key is FieldSpecList =>
  (FIELD_SPEC_LISTS as readonly string[]).includes(key);

function list(yaml: YamlFile, path: Path, value: unknown): unknown[] {
  if (value === null) return [];
  if (!Array.isArray(value)) throw yamlFileError(yaml, path, `"${show(path)}" must be a list`);
  return value;
}

function fieldSpec(yaml: YamlFile, path: Path, value: unknown): FieldSpec {
  const map = mapWithKeys(yaml, path, value, FIELD_SPEC_KEYS);
  const spec: FieldSpec = {
    ...gvk(yaml, path, map),
    path: optionalString(yaml, path, map, 'path') ?? '',
  };
  const create = map['create'];
  if (create !== undefined && create !== null) {
    if (typeof create !== 'boolean') {
      throw yamlFileError(yaml, [...path, 'create'], '"create" must be true or false');
    }
    if (create) spec.create = true;
  }
  return spec;
}

function nameBackReference(yaml: YamlFile, path: Path, value: unknown): NameBackReference {
  const map = mapWithKeys(yaml, path, value, new Set([...GVK_KEYS, 'fieldSpecs']));
  const fieldSpecs = list(yaml, [...path, 'fieldSpecs'], map['fieldSpecs'] ?? null).map((item, i) =>
    fieldSpec(yaml, [...path, 'fieldSpecs', i], item),
  );
  return {
    ...gvk(yaml, path, map),
    kind: optionalString(yaml, path, map, 'kind') ?? '',
    fieldSpecs,
  };
}

function gvk(
  yaml: YamlFile,
  path: Path,
  map: Record<string, unknown>,
): Pick<FieldSpec, 'group' | 'version' | 'kind'> {
  const out: Pick<FieldSpec, 'group' | 'version' | 'kind'> = {};
  for (const key of GVK_KEYS) {
    const value = optionalString(yaml, path, map, key);
    if (value !== undefined && value !== '') out[key] = value;
  }
  return out;
}

function mapWithKeys(
  yaml: YamlFile,
  path: Path,
  value: unknown,
  keys: ReadonlySet<string>,
): Record<string, unknown> {
  if (!isPlainObject(value)) {
    throw yamlFileError(yaml, path, `"${show(path)}" must be a map`);
  }
  for (const key of Object.keys(value)) {
    if (!keys.has(key)) {
      throw yamlFileError(
        yaml,
        [...path, key],
        `unknown field "${key}" in "${show(path)}" (known: ${[...keys].join(', ')})`,
      );
    }
  }
  return value;
}

function optionalString(
  yaml: YamlFile,
  path: Path,
  map: Record<string, unknown>,
  key: string,
): string | undefined {
  const value = map[key];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') {
    throw yamlFileError(yaml, [...path, key], `"${show([...path, key])}" must be a string`);
  }
  return value;
}
