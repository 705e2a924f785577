import { RenderError } from '../../model/errors.js';
import {
  COMMON_ANNOTATION_SPECS,
  COMMON_LABEL_SPECS,
  IMAGE_SPECS,
  METADATA_LABEL_SPECS,
  NAMESPACE_SPECS,
  REPLICA_SPECS,
  TEMPLATE_LABEL_SPECS,
  VAR_REFERENCES,
} from './builtin-field-specs.js';
import { gvkMatches, type FieldSpec } from './field-spec.js';
import { NAME_REFERENCES, type NameBackReference } from './name-reference-config.js';

/**
 * Kustomize's transformer configuration: for each built-in transformer, the fields it acts
 * on. It starts from the built-in field specs and grows with the `configurations` files and
 * `crds` definitions of a kustomization and of every base below it, so what a base teaches
 * the transformers also holds in the overlays above it.
 */
export interface TransformerConfig {
  namePrefix: FieldSpec[];
  nameSuffix: FieldSpec[];
  namespace: FieldSpec[];
  commonLabels: FieldSpec[];
  /** Where every `labels` entry writes, whatever its flags. */
  labels: FieldSpec[];
  /** Where `labels` entries with `includeTemplates` also write. */
  templateLabels: FieldSpec[];
  commonAnnotations: FieldSpec[];
  nameReference: NameBackReference[];
  varReference: FieldSpec[];
  images: FieldSpec[];
  replicas: FieldSpec[];
}

/** The field-spec lists of a transformer configuration, by their key in a configuration file. */
export const FIELD_SPEC_LISTS = [
  'namePrefix',
  'nameSuffix',
  'namespace',
  'commonLabels',
  'labels',
  'templateLabels',
  'commonAnnotations',
  'varReference',
  'images',
  'replicas',
] as const;

export type FieldSpecList = (typeof FIELD_SPEC_LISTS)[number];

/** `metadata/name`, which the name transformers rename through the resource itself. */
export const METADATA_NAME = 'metadata/name';
/** `metadata/namespace`, which the namespace transformer sets on namespaced kinds only. */
export const METADATA_NAMESPACE = 'metadata/namespace';

export function emptyTransformerConfig(): TransformerConfig {
  return {
    namePrefix: [],
    nameSuffix: [],
    namespace: [],
    commonLabels: [],
    labels: [],
    templateLabels: [],
    commonAnnotations: [],
    nameReference: [],
    varReference: [],
    images: [],
    replicas: [],
  };
}

/** The built-in configuration, which every kustomization starts from. */
export function defaultTransformerConfig(): TransformerConfig {
  return {
    namePrefix: [{ path: METADATA_NAME }],
    nameSuffix: [{ path: METADATA_NAME }],
    namespace: [{ path: METADATA_NAMESPACE, create: true }, ...NAMESPACE_SPECS],
    commonLabels: [...COMMON_LABEL_SPECS],
    labels: [...METADATA_LABEL_SPECS],
    templateLabels: [...TEMPLATE_LABEL_SPECS],
    commonAnnotations: [...COMMON_ANNOTATION_SPECS],
    nameReference: NAME_REFERENCES.map((b) => ({ ...b, fieldSpecs: [...b.fieldSpecs] })),
    varReference: [...VAR_REFERENCES],
    images: [...IMAGE_SPECS],
    replicas: [...REPLICA_SPECS],
  };
}

/**
 * Merges `more` into `into` as Kustomize merges configurations: a field spec whose path
 * and kind selection `into` already has is left out, and one that differs from it only in
 * `create` is an error (`where` names the file that brought it in).
 */
export function mergeTransformerConfig(
  into: TransformerConfig,
  more: TransformerConfig,
  where: string,
): void {
  for (const list of FIELD_SPEC_LISTS) {
    for (const spec of more[list]) addFieldSpec(into[list], spec, { file: where, list });
  }
  for (const backRef of more.nameReference) {
    const same = into.nameReference.find(
      (b) => b.kind === backRef.kind && b.version === backRef.version && b.group === backRef.group,
    );
    if (same === undefined) {
      into.nameReference.push({ ...backRef, fieldSpecs: [...backRef.fieldSpecs] });
      continue;
    }
    for (const spec of backRef.fieldSpecs) {
      addFieldSpec(same.fieldSpecs, spec, {
        file: where,
        list: `nameReference to ${backRef.kind}`,
      });
    }
  }
}

/** Adds one field spec to a list, as Kustomize's `FsSlice.MergeOne`. */
export function addFieldSpec(
  list: FieldSpec[],
  spec: FieldSpec,
  where: { file: string; list: string },
): void {
  const existing = list.find((s) => s.path === spec.path && gvkMatches(spec, gvkOf(s)));
  if (existing === undefined) {
    list.push(spec);
    return;
  }
  if ((existing.create === true) !== (spec.create === true)) {
    throw new RenderError(
      `${where.file}: ${where.list} field spec ${describeFieldSpec(spec)} conflicts with ${describeFieldSpec(existing)}, which differs only in create`,
      { data: { file: where.file, field: where.list, path: spec.path } },
    );
  }
}

const gvkOf = (s: FieldSpec): { group: string; version: string; kind: string } => ({
  group: s.group ?? '',
  version: s.version ?? '',
  kind: s.kind ?? '',
});

function describeFieldSpec(spec: FieldSpec): string {
  const gvk = [spec.kind, spec.version, spec.group].filter((s) => s !== undefined && s !== '');
  return `${gvk.length === 0 ? '*' : gvk.join('.')}:${spec.path}${spec.create === true ? ' (create)' : ''}`;
}
