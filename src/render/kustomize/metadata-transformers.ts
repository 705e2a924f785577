import { isPlainObject } from '../../kube/object.js';
import { NAME_AFFIX_SKIPPED } from './builtin-field-specs.js';
import { gvkMatches, setInMapAt, visitFieldPath, type FieldSpec } from './field-spec.js';
import type { Kustomization } from './kustomization.js';
import { curId, isClusterScoped, orgId, rememberId, type Resource } from './resource.js';
import { METADATA_NAME, METADATA_NAMESPACE, type TransformerConfig } from './transformer-config.js';

/**
 * `namespace`: sets metadata.namespace on namespaced kinds, and the other namespace
 * fields of the transformer configuration (created where their spec says so).
 */
export function applyNamespace(
  resources: readonly Resource[],
  namespace: string | undefined,
  specs: readonly FieldSpec[],
): void {
  if (!namespace) return;
  for (const res of resources) {
    const before = curId(res);
    const obj = res.obj;
    if (!isClusterScoped(obj.kind)) obj.metadata.namespace = namespace;
    if (obj.kind === 'RoleBinding' || obj.kind === 'ClusterRoleBinding') {
      const subjects = obj['subjects'];
      if (Array.isArray(subjects)) {
        for (const s of subjects) {
          if (isPlainObject(s) && s['name'] === 'default') s['namespace'] = namespace;
        }
      }
    }
    for (const spec of specs) {
      if (spec.path === METADATA_NAMESPACE || !gvkMatches(spec, before)) continue;
      visitFieldPath(obj, spec.path, spec.create === true, (parent, key) => {
        if (parent[key] === undefined || typeof parent[key] === 'string') parent[key] = namespace;
      });
    }
    const after = curId(res);
    if (after.name !== before.name || after.namespace !== before.namespace) {
      res.prevIds.push(before);
    }
  }
}

/**
 * `namePrefix` / `nameSuffix`, on every kind but Namespace, CustomResourceDefinition and
 * APIService: the name (through the `metadata/name` field specs), and the other string
 * fields the `namePrefix` and `nameSuffix` field specs name (from `configurations` and
 * `crds`), which get the prefix or the suffix only.
 */
export function applyNameAffixes(
  resources: readonly Resource[],
  k: Pick<Kustomization, 'namePrefix' | 'nameSuffix'>,
  config: Pick<TransformerConfig, 'namePrefix' | 'nameSuffix'>,
): void {
  const { namePrefix: prefix, nameSuffix: suffix } = k;
  if (!prefix && !suffix) return;
  for (const res of resources) {
    const id = curId(res);
    if (NAME_AFFIX_SKIPPED.some((spec) => gvkMatches(spec, id))) continue;
    const renamePrefix = prefix
      ? affixFields(res, config.namePrefix, (v) => `${prefix}${v}`)
      : false;
    const renameSuffix = suffix
      ? affixFields(res, config.nameSuffix, (v) => `${v}${suffix}`)
      : false;
    if (!renamePrefix && !renameSuffix) continue;
    rememberId(res);
    const p = renamePrefix ? prefix : undefined;
    const s = renameSuffix ? suffix : undefined;
    res.obj.metadata.name = `${p ?? ''}${id.name}${s ?? ''}`;
    if (p) res.prefixes.push(p);
    if (s) res.suffixes.push(s);
  }
}

/** Affixes the string fields the specs select; true when a spec selects `metadata/name`. */
function affixFields(
  res: Resource,
  specs: readonly FieldSpec[],
  affix: (value: string) => string,
): boolean {
  const id = orgId(res);
  let rename = false;
  for (const spec of specs) {
    if (!gvkMatches(spec, id)) continue;
    if (spec.path === METADATA_NAME) {
      rename = true;
      continue;
    }
    visitFieldPath(res.obj, spec.path, false, (parent, key) => {
      const value = parent[key];
      if (typeof value === 'string') parent[key] = affix(value);
    });
  }
  return rename;
}

/** Adds entries to the maps the field specs point at, on the objects they select. */
export function applyMapEntries(
  resources: readonly Resource[],
  entries: Readonly<Record<string, string>> | undefined,
  specs: readonly FieldSpec[],
): void {
  if (entries === undefined || Object.keys(entries).length === 0) return;
  for (const res of resources) {
    const id = curId(res);
    for (const spec of specs) {
      if (gvkMatches(spec, id)) setInMapAt(res.obj, spec, entries);
    }
  }
}

/**
 * `labels` entries, then `commonLabels`, then `commonAnnotations`, on the fields the
 * transformer configuration names. A `labels` entry writes to its own `fields`, to the
 * configuration's `labels` specs, and to its `commonLabels` specs with `includeSelectors`
 * or else its `templateLabels` specs with `includeTemplates`.
 */
export function applyLabelsAndAnnotations(
  resources: readonly Resource[],
  k: Kustomization,
  config: Pick<
    TransformerConfig,
    'commonLabels' | 'labels' | 'templateLabels' | 'commonAnnotations'
  >,
): void {
  for (const label of k.labels ?? []) {
    const specs: FieldSpec[] = [...(label.fields ?? []), ...config.labels];
    if (label.includeSelectors === true) specs.push(...config.commonLabels);
    else if (label.includeTemplates === true) specs.push(...config.templateLabels);
    applyMapEntries(resources, stringValues(label.pairs), specs);
  }
  applyMapEntries(resources, k.commonLabels, config.commonLabels);
  applyMapEntries(resources, k.commonAnnotations, config.commonAnnotations);
}

function stringValues(map: Record<string, unknown> | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(map ?? {})) out[k] = String(v);
  return out;
}
