import { isPlainObject } from '../../kube/object.js';
import {
  COMMON_ANNOTATION_SPECS,
  COMMON_LABEL_SPECS,
  NAME_AFFIX_SKIPPED,
  NAMESPACE_SPECS,
  TEMPLATE_LABEL_SPECS,
} from './builtin-field-specs.js';
import { gvkMatches, setInMapAt, visitFieldPath, type FieldSpec } from './field-spec.js';
import type { Kustomization } from './kustomization.js';
import type { CrdFieldSpecs } from './crd-field-specs.js';
import { curId, isClusterScoped, orgId, rememberId, type Resource } from './resource.js';

/** `namespace`: sets metadata.namespace on namespaced kinds and the other namespace fields. */
export function applyNamespace(
  resources: readonly Resource[],
  namespace: string | undefined,
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
    for (const spec of NAMESPACE_SPECS) {
      if (!gvkMatches(spec, before)) continue;
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
 * APIService. `prefixSpecs` are further string fields the prefix goes on (from `crds`).
 */
export function applyNameAffixes(
  resources: readonly Resource[],
  k: Pick<Kustomization, 'namePrefix' | 'nameSuffix'>,
  prefixSpecs: readonly FieldSpec[] = [],
): void {
  const { namePrefix: prefix, nameSuffix: suffix } = k;
  if (!prefix && !suffix) return;
  for (const res of resources) {
    const id = curId(res);
    if (NAME_AFFIX_SKIPPED.some((spec) => gvkMatches(spec, id))) continue;
    if (prefix) prefixFields(res, prefix, prefixSpecs);
    rememberId(res);
    res.obj.metadata.name = `${prefix ?? ''}${id.name}${suffix ?? ''}`;
    if (prefix) res.prefixes.push(prefix);
    if (suffix) res.suffixes.push(suffix);
  }
}

function prefixFields(res: Resource, prefix: string, specs: readonly FieldSpec[]): void {
  const id = orgId(res);
  for (const spec of specs) {
    if (!gvkMatches(spec, id)) continue;
    visitFieldPath(res.obj, spec.path, false, (parent, key) => {
      const value = parent[key];
      if (typeof value === 'string') parent[key] = `${prefix}${value}`;
    });
  }
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
 * `labels` entries, then `commonLabels`, then `commonAnnotations`. `crd` adds the label
 * selectors and annotation fields of custom kinds.
 */
export function applyLabelsAndAnnotations(
  resources: readonly Resource[],
  k: Kustomization,
  crd: Pick<CrdFieldSpecs, 'labels' | 'annotations'> = { labels: [], annotations: [] },
): void {
  const commonLabelSpecs = [...COMMON_LABEL_SPECS, ...crd.labels];
  for (const label of k.labels ?? []) {
    const specs: FieldSpec[] = [...(label.fields ?? [])];
    if (label.includeSelectors === true) {
      specs.push(...commonLabelSpecs);
    } else {
      if (label.includeTemplates === true) specs.push(...TEMPLATE_LABEL_SPECS);
      specs.push({ path: 'metadata/labels', create: true });
    }
    applyMapEntries(resources, stringValues(label.pairs), specs);
  }
  applyMapEntries(resources, k.commonLabels, commonLabelSpecs);
  applyMapEntries(resources, k.commonAnnotations, [...COMMON_ANNOTATION_SPECS, ...crd.annotations]);
}

function stringValues(map: Record<string, unknown> | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(map ?? {})) out[k] = String(v);
  return out;
}
