import { isPlainObject } from '../../kube/object.js';
import { RenderError } from '../../model/errors.js';
import { gvkMatches, visitFieldPath, type FieldSpec } from './field-spec.js';
import type { NameBackReference } from './name-reference-config.js';
import {
  allIds,
  curId,
  formatId,
  isClusterScoped,
  orgId,
  sameNamespace,
  type Resource,
} from './resource.js';

type Gvk = Pick<NameBackReference, 'group' | 'version' | 'kind'>;

interface Referral {
  referrer: Resource;
  spec: FieldSpec;
  target: Gvk;
  candidates: Resource[];
}

/**
 * Rewrites names that objects hold of other objects (a Deployment's ConfigMap, a
 * RoleBinding's ServiceAccount, …) after prefixes, suffixes, hashes and namespaces changed
 * the referred objects, as Kustomize's name reference transformer does at the end of a build.
 */
export function fixNameReferences(
  resources: readonly Resource[],
  config: readonly NameBackReference[],
): void {
  for (const referrer of resources) {
    const referrerId = orgId(referrer);
    let candidates: Resource[] | undefined;
    for (const backRef of config) {
      for (const spec of backRef.fieldSpecs) {
        if (!gvkMatches(spec, referrerId)) continue;
        candidates ??= couldBeReferencedBy(referrer, resources);
        const referral: Referral = { referrer, spec, target: backRef, candidates };
        visitFieldPath(referrer.obj, spec.path, false, (parent, key) =>
          fixField(referral, parent, key),
        );
      }
    }
  }
}

function fixField(ref: Referral, parent: Record<string, unknown>, key: string): void {
  const value = parent[key];
  if (typeof value === 'string') {
    parent[key] = fixScalar(ref, value);
  } else if (isPlainObject(value)) {
    fixMapping(ref, value);
  } else if (Array.isArray(value)) {
    value.forEach((item, i) => {
      if (typeof item === 'string') value[i] = fixScalar(ref, item);
      else if (isPlainObject(item)) fixMapping(ref, item);
    });
  }
}

function fixScalar(ref: Referral, oldName: string): string {
  const referral = selectReferral(ref, oldName, ref.candidates, false);
  return referral?.obj.metadata.name ?? oldName;
}

function fixMapping(ref: Referral, node: Record<string, unknown>): void {
  const oldName = node['name'];
  if (typeof oldName !== 'string') return;
  const namespace = node['namespace'];
  let candidates = ref.candidates;
  if (typeof namespace === 'string') {
    const byOriginal = candidates.filter((r) => orgId(r).namespace === namespace);
    candidates =
      byOriginal.length > 0
        ? byOriginal
        : candidates.filter((r) => (r.obj.metadata.namespace ?? '') === namespace);
  }
  const referral = selectReferral(ref, oldName, candidates, true);
  if (referral === undefined) return;
  const newNamespace = referral.obj.metadata.namespace ?? '';
  if (referral.obj.metadata.name === oldName && newNamespace === '') return;
  node['name'] = referral.obj.metadata.name;
  if (newNamespace !== '') node['namespace'] = newNamespace;
}

function selectReferral(
  ref: Referral,
  oldName: string,
  all: readonly Resource[],
  compareNamespaces: boolean,
): Resource | undefined {
  const roleRef = roleRefGvk(ref);
  const referrerId = curId(ref.referrer);
  let candidates = all.filter((r) => {
    const ids = allIds(r);
    if (!ids.some((id) => id.name === oldName)) return false;
    if (!ids.some((id) => gvkMatches(ref.target, id))) return false;
    if (roleRef !== undefined && !ids.some((id) => gvkMatches(roleRef, id))) return false;
    if (isClusterScoped(referrerId.kind)) return true;
    if (isClusterScoped(r.obj.kind) || r.obj.kind === 'ServiceAccount') return true;
    return sameNamespace(referrerId.namespace, r.obj.metadata.namespace ?? '');
  });
  if (candidates.length === 1) return candidates[0];
  candidates = candidates.filter((r) => sameAffixes(r, ref.referrer));
  if (candidates.length === 1) return candidates[0];
  const first = candidates[0];
  if (first === undefined) return undefined;
  const identical = candidates.every(
    (r) =>
      r.obj.metadata.name === first.obj.metadata.name &&
      (!compareNamespaces || r.obj.metadata.namespace === first.obj.metadata.namespace),
  );
  if (identical) return first;
  const ids = candidates.map((r) => formatId(curId(r))).join(', ');
  throw new RenderError(
    `${formatId(referrerId)}: field ${ref.spec.path} refers to "${oldName}", which matches several objects: ${ids}`,
    { data: { file: ref.referrer.origin, path: ref.spec.path, name: oldName } },
  );
}

/** For a `roleRef/name` field, the group and kind named beside it. */
function roleRefGvk(ref: Referral): Gvk | undefined {
  if (!ref.spec.path.endsWith('roleRef/name')) return undefined;
  const roleRef = ref.referrer.obj['roleRef'];
  if (!isPlainObject(roleRef)) return undefined;
  const { apiGroup, kind } = roleRef;
  if (typeof apiGroup !== 'string' || typeof kind !== 'string') return undefined;
  return { group: apiGroup, kind };
}

function sameAffixes(a: Resource, b: Resource): boolean {
  const eq = (x: string[], y: string[]): boolean =>
    x.length === y.length && x.every((v, i) => v === y[i]);
  return eq(a.prefixes, b.prefixes) && eq(a.suffixes, b.suffixes);
}

/** The objects a referrer may name: same namespace, cluster-scoped, or a RoleBinding's subjects'. */
function couldBeReferencedBy(referrer: Resource, resources: readonly Resource[]): Resource[] {
  const id = curId(referrer);
  if (isClusterScoped(id.kind)) return [...resources];
  const subjectNamespaces = new Set<string>();
  const subjects = referrer.obj['subjects'];
  if (id.kind === 'RoleBinding' && Array.isArray(subjects)) {
    for (const s of subjects) {
      if (
        isPlainObject(s) &&
        s['kind'] === 'ServiceAccount' &&
        typeof s['namespace'] === 'string'
      ) {
        subjectNamespaces.add(s['namespace']);
      }
    }
  }
  return resources.filter((r) => {
    const ns = r.obj.metadata.namespace ?? '';
    return (
      isClusterScoped(r.obj.kind) || sameNamespace(ns, id.namespace) || subjectNamespaces.has(ns)
    );
  });
}
