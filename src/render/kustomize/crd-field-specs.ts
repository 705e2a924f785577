import { parse } from 'yaml';
import { isPlainObject } from '../../kube/object.js';
import { describeError, RenderError } from '../../model/errors.js';
import type { FieldSpec } from './field-spec.js';
import {
  assertWithin,
  readTreeFile,
  resolveRef,
  type KustomizationSite,
} from './kustomize-files.js';
import type { NameBackReference } from './name-reference-config.js';

/**
 * What the OpenAPI definitions listed under `crds` teach the transformers about custom
 * kinds: where they hold names of other objects, label selectors, annotations and names
 * that `namePrefix` also prefixes. Kustomize merges these into its transformer config, so
 * they act in the kustomization that lists them and in every overlay above it.
 */
export interface CrdFieldSpecs {
  nameReferences: NameBackReference[];
  /** Where `commonLabels` (and `labels[].includeSelectors`) also write. */
  labels: FieldSpec[];
  /** Where `commonAnnotations` also write. */
  annotations: FieldSpec[];
  /** String fields that `namePrefix` also prefixes. */
  namePrefix: FieldSpec[];
}

export function emptyCrdFieldSpecs(): CrdFieldSpecs {
  return { nameReferences: [], labels: [], annotations: [], namePrefix: [] };
}

/** OpenAPI extensions Kustomize reads from `crds` definitions (values must be strings). */
const X_ANNOTATION = 'x-kubernetes-annotation';
const X_LABEL_SELECTOR = 'x-kubernetes-label-selector';
const X_IDENTITY = 'x-kubernetes-identity';
const X_REF_VERSION = 'x-kubernetes-object-ref-api-version';
const X_REF_KIND = 'x-kubernetes-object-ref-kind';
const X_REF_NAME_KEY = 'x-kubernetes-object-ref-name-key';

type Definitions = Record<string, Record<string, unknown>>;

/**
 * Reads the `crds` files of a kustomization: each is a map of OpenAPI definitions by type
 * name (`github.com/org/pkg/apis/v1.MyKind: {Schema: {properties: …}}`), in JSON or YAML.
 * A definition with `apiVersion`, `kind` and `metadata` properties is a kind (the last
 * dotted segment of its name); its properties, and those of definitions they `$ref`, are
 * walked for Kustomize's `x-kubernetes-*` extensions.
 */
export async function loadCrdFieldSpecs(
  site: KustomizationSite,
  crds: readonly string[],
): Promise<CrdFieldSpecs> {
  const specs = emptyCrdFieldSpecs();
  for (const ref of crds) {
    const path = resolveRef(site.file, site.dir, ref);
    assertWithin(site.file, site.dir, path, ref);
    const definitions = parseDefinitions(path, await readTreeFile(site.tree, site.file, path));
    for (const [name, definition] of Object.entries(definitions)) {
      const properties = propertiesOf(definition);
      if (!['apiVersion', 'kind', 'metadata'].every((p) => p in properties)) continue;
      const kind = name.split('.').at(-1) ?? name;
      collect(specs, definitions, kind, name, [], new Set());
    }
  }
  return specs;
}

/** Adds `more` to `into`, leaving out field specs it already has, as Kustomize merges configs. */
export function mergeCrdFieldSpecs(into: CrdFieldSpecs, more: CrdFieldSpecs): void {
  for (const field of ['labels', 'annotations', 'namePrefix'] as const) {
    for (const spec of more[field]) addSpec(into[field], spec);
  }
  for (const backRef of more.nameReferences) {
    const same = into.nameReferences.find(
      (b) => b.kind === backRef.kind && b.version === backRef.version && b.group === backRef.group,
    );
    if (same === undefined) {
      into.nameReferences.push({ ...backRef, fieldSpecs: [...backRef.fieldSpecs] });
    } else {
      for (const spec of backRef.fieldSpecs) addSpec(same.fieldSpecs, spec);
    }
  }
}

function addSpec(list: FieldSpec[], spec: FieldSpec): void {
  const exists = list.some(
    (s) =>
      s.path === spec.path &&
      s.kind === spec.kind &&
      s.group === spec.group &&
      s.version === spec.version,
  );
  if (!exists) list.push(spec);
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
  specs: CrdFieldSpecs,
  definitions: Definitions,
  kind: string,
  typeName: string,
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
    if (extension(property, X_ANNOTATION) !== undefined) addSpec(specs.annotations, at());
    if (extension(property, X_LABEL_SELECTOR) !== undefined) addSpec(specs.labels, at());
    if (extension(property, X_IDENTITY) !== undefined) addSpec(specs.namePrefix, at());
    const version = extension(property, X_REF_VERSION);
    const refKind = extension(property, X_REF_KIND);
    if (version !== undefined && refKind !== undefined) {
      const nameKey = extension(property, X_REF_NAME_KEY) ?? 'name';
      mergeCrdFieldSpecs(specs, {
        ...emptyCrdFieldSpecs(),
        nameReferences: [{ kind: refKind, version, fieldSpecs: [at(nameKey)] }],
      });
    }
    const ref = property['$ref'];
    if (typeof ref === 'string') collect(specs, definitions, kind, ref, [...path, name], visiting);
  }
  visiting.delete(typeName);
}
