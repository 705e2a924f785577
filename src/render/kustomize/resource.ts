import { type KubeObject, parseApiVersion } from '../../kube/object.js';

/** A resource's identity as Kustomize keys it: group, version, kind, name and namespace. */
export interface ResId {
  group: string;
  version: string;
  kind: string;
  name: string;
  /** `''` when unset. */
  namespace: string;
}

/** How a generated object combines with one of the same id that came before it. */
export const GENERATOR_BEHAVIOR = {
  create: 'create',
  merge: 'merge',
  replace: 'replace',
} as const;

export type GeneratorBehavior = (typeof GENERATOR_BEHAVIOR)[keyof typeof GENERATOR_BEHAVIOR];

export function parseGeneratorBehavior(value: string | undefined): GeneratorBehavior | undefined {
  if (value === undefined || value === '') return GENERATOR_BEHAVIOR.create;
  return Object.values(GENERATOR_BEHAVIOR).find((b) => b === value);
}

/**
 * One object in a build, with the bookkeeping Kustomize keeps in internal annotations:
 * the ids it had before transformers renamed it, the prefixes and suffixes applied to it,
 * and whether its name still needs a content hash.
 */
export interface Resource {
  obj: KubeObject;
  /** Earlier ids, oldest first; the current id is not included. */
  prevIds: ResId[];
  prefixes: string[];
  suffixes: string[];
  /** Generated ConfigMaps and Secrets get a content-hash suffix at the end of the build. */
  needsHash: boolean;
  /** Set on generated objects until they are absorbed into the accumulated resources. */
  behavior?: GeneratorBehavior;
  /** The file (or kustomization) the object came from, for error messages. */
  origin: string;
}

export function newResource(obj: KubeObject, origin: string): Resource {
  return { obj, prevIds: [], prefixes: [], suffixes: [], needsHash: false, origin };
}

export function cloneResource(res: Resource): Resource {
  return {
    ...res,
    obj: structuredClone(res.obj),
    prevIds: res.prevIds.map((id) => ({ ...id })),
    prefixes: [...res.prefixes],
    suffixes: [...res.suffixes],
  };
}

export function curId(res: Resource): ResId {
  return idOf(res.obj);
}

export function idOf(obj: KubeObject): ResId {
  const { group, version } = parseApiVersion(obj.apiVersion);
  return {
    group,
    version,
    kind: obj.kind,
    name: obj.metadata.name ?? '',
    namespace: obj.metadata.namespace ?? '',
  };
}

/** Every id the resource has had, the current one last. */
export function allIds(res: Resource): ResId[] {
  return [...res.prevIds, curId(res)];
}

/** The id the resource had when it was first read or generated. */
export function orgId(res: Resource): ResId {
  return res.prevIds[0] ?? curId(res);
}

/** Records the current id as a previous one; call before renaming or moving a resource. */
export function rememberId(res: Resource): void {
  res.prevIds.push(curId(res));
}

/** `""` and `"default"` are the same namespace to Kustomize. */
export function sameNamespace(a: string, b: string): boolean {
  return (a === '' ? 'default' : a) === (b === '' ? 'default' : b);
}

export function sameId(a: ResId, b: ResId): boolean {
  return (
    a.group === b.group &&
    a.version === b.version &&
    a.kind === b.kind &&
    a.name === b.name &&
    sameNamespace(a.namespace, b.namespace)
  );
}

/** Kustomize's id string, e.g. `Deployment.v1.apps/web.prod`. */
export function formatId(id: ResId): string {
  const gvk = [id.kind, id.version, id.group].filter((s) => s !== '').join('.');
  return `${gvk}/${id.name}.${id.namespace === '' ? '[noNs]' : id.namespace}`;
}

/** Kinds Kustomize treats as cluster-scoped; everything else, custom kinds included, is namespaced. */
const CLUSTER_SCOPED_KINDS = new Set([
  'APIService',
  'CSIDriver',
  'CSINode',
  'CertificateSigningRequest',
  'ClusterRole',
  'ClusterRoleBinding',
  'ComponentStatus',
  'CustomResourceDefinition',
  'FlowSchema',
  'IngressClass',
  'MutatingWebhookConfiguration',
  'Namespace',
  'Node',
  'PersistentVolume',
  'PodSecurityPolicy',
  'PriorityClass',
  'PriorityLevelConfiguration',
  'RuntimeClass',
  'SelfSubjectAccessReview',
  'SelfSubjectRulesReview',
  'StorageClass',
  'SubjectAccessReview',
  'TokenReview',
  'ValidatingAdmissionPolicy',
  'ValidatingAdmissionPolicyBinding',
  'ValidatingWebhookConfiguration',
  'VolumeAttachment',
]);

export function isClusterScoped(kind: string): boolean {
  return CLUSTER_SCOPED_KINDS.has(kind);
}
