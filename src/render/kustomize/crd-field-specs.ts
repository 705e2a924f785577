import { parse } from 'yaml';
import { isPlainObject } from '../../kube/object.js';
import { describeError, RenderError } from '../../model/errors.js';
import type { FieldSpec } from './field-spec.js';
import { readTreeFile, resolveFileRef, type KustomizationSite } from './kustomize-files.js';
import {
  addFieldSpec,
  emptyTransformerConfig,
  mergeTransformerConfig,
  type TransformerConfig,
} from './transformer-config.js';

/** OpenAPI extensions Kustomize reads from `crds` definitions (values must be strings). */
const X_ANNOTATION = 'x-kubernetes-annotation';
const X_LABEL_SELECTOR = 'x-kubernetes-label-selector';
const X_IDENTITY = 'x-kubernetes-identity';
const X_REF_VERSION = 'x-kubernetes-object-ref-api-version';
const X_REF_KIND = 'x-kubernetes-object-ref-kind';
const X_REF_NAME_KEY = 'x-kubernetes-object-ref-name-key';

type Definitions = Record<string, Record<string, unknown>>;

/**
 * Reads the `crds` files of a kustomization into transformer configuration: where custom
 * kinds hold names of other objects, label selectors, annotations and names that
 * `namePrefix` also prefixes. Each file is a map of OpenAPI definitions by type
 * name (`github.com/org/pkg/apis/v1.MyKind: {Schema: {properties: …}}`), in JSON or YAML.
 * A definition with `apiVersion`, `kind` and `metadata` properties is a kind (the last
 * dotted segment of its name); its properties, and those of definitions they `$ref`, are
 * walked for Kustomize's `x-kubernetes-*` extensions.
 */
export async function loadCrdFieldSpecs(
  site: KustomizationSite,
  crds: readonly string[],
): Promise<TransformerConfig> {
  const specs = emptyTransformerConfig();
  for (const ref of crds) {
    const path = resolveFileRef(site, ref);
    const definitions = parseDefinitions(path, await readTreeFile(site.tree, site.file, path));
    for (const [name, definition] of Object.entries(definitions)) {
      const properties = propertiesOf(definition);
      if (!['apiVersion', 'kind', 'metadata'].every((p) => p in properties)) continue;
      const kind = name.split('.').at(-1) ?? name;
      collect(specs, definitions, { file: path, kind, typeName: name }, [], new Set());
    }
  }
  return specs;
}

function parseDefinitions(path: string, text: string): Definitions {
  let parsed: unknown;
  try {
    parsed = parse(text);
  } catch (cause) {
    throw new RenderError(`${path}: cannot parse OpenAPI definitions: ${describeError(cause)}`, {
      cause,
      data: { file: path },
    });
  }
  if (parsed === null || parsed === undefined) return {};
  const definitions = isPlainObject(parsed) ? parsed : undefined;
  if (definitions === undefined || !Object.values(definitions).every(isPlainObject)) {
    throw new RenderError(
      `${path}: "crds" files must map type names to OpenAPI definitions ({Schema: {properties: …}})`,
      { data: { file: path } },
    );
  }
  return definitions as Definitions;
}

/** The `properties` of a definition's schema; Go matches the `Schema` key in any case. */
function propertiesOf(definition: Record<string, unknown>): Record<string, unknown> {
  const key = Object.keys(definition).find((k) => k.toLowerCase() === 'schema');
  const schema = key === undefined ? undefined : definition[key];
  const properties = isPlainObject(schema) ? schema['properties'] : undefined;
  return isPlainObject(properties) ? properties : {};
}

/** An extension's value when it is a string (Kustomize ignores other values). */
function extension(property: Record<string, unknown>, name: string): string | undefined {
  for (const [key, value] of Object.entries(property)) {
    if (key.toLowerCase() === name && typeof value === 'string') return value;
  }
  return undefined;
}

function collect(
  specs: TransformerConfig,
  definitions: Definitions,
  { file, kind, typeName }: { file: string; kind: string; typeName: string },
  path: readonly string[],
  visiting: Set<string>,
): void {
  const definition = definitions[typeName];
  if (definition === undefined || visiting.has(typeName)) return;
  visiting.add(typeName);
  for (const [name, property] of Object.entries(propertiesOf(definition))) {
    if (!isPlainObject(property)) continue;
    const at = (...segments: string[]): FieldSpec => ({
      kind,
      path: [...path, name, ...segments].join('/'),
    });
    const where = { file, list: 'crds' };
    if (extension(property, X_ANNOTATION) !== undefined) {
      addFieldSpec(specs.commonAnnotations, at(), where);
    }
    if (extension(property, X_LABEL_SELECTOR) !== undefined) {
      addFieldSpec(specs.commonLabels, at(), where);
    }
    if (extension(property, X_IDENTITY) !== undefined) addFieldSpec(specs.namePrefix, at(), where);
    const version = extension(property, X_REF_VERSION);
    const refKind = extension(property, X_REF_KIND);
    if (version !== undefined && refKind !== undefined) {
      const nameKey = extension(property, X_REF_NAME_KEY) ?? 'name';
      mergeTransformerConfig(
        specs,
        {
          ...emptyTransformerConfig(),
          nameReference: [{ kind: refKind, version, fieldSpecs: [at(nameKey)] }],
        },
        file,
      );
    }
    const ref = property['$ref'];
    if (typeof ref === 'string') {
      collect(specs, definitions, { file, kind, typeName: ref }, [...path, name], visiting);
    }
  }
  visiting.delete(typeName);
}
