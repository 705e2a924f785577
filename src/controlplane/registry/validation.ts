import { nameProblems, NameRule } from '../../kube/names.js';
import { isPlainObject, type KubeObject } from '../../kube/object.js';
import type { StatusCause } from '../api-error.js';
import type { ServedType } from '../catalog/served-type.js';
import { validatePodSpec, validateService, validateWorkload } from './workload-validation.js';

const NAME_RULES: Record<string, NameRule | 'path'> = {
  '/Namespace': NameRule.Label,
  '/Service': NameRule.Dns1035,
  'rbac.authorization.k8s.io/Role': 'path',
  'rbac.authorization.k8s.io/RoleBinding': 'path',
  'rbac.authorization.k8s.io/ClusterRole': 'path',
  'rbac.authorization.k8s.io/ClusterRoleBinding': 'path',
};

export function invalidValue(field: string, value: unknown, message: string): StatusCause {
  return {
    reason: 'FieldValueInvalid',
    message: `Invalid value: ${JSON.stringify(value)}: ${message}`,
    field,
  };
}

export function requiredValue(field: string, message: string): StatusCause {
  return { reason: 'FieldValueRequired', message: `Required value: ${message}`, field };
}

/** Field errors in an object about to be stored, in the API server's wording. */
export function validateObject(type: ServedType, obj: KubeObject): StatusCause[] {
  const causes: StatusCause[] = [];
  const name = obj.metadata.name ?? '';
  if (name === '') {
    causes.push(requiredValue('metadata.name', 'name or generateName is required'));
    return causes;
  }
  const rule = NAME_RULES[`${type.group}/${type.kind}`] ?? NameRule.Subdomain;
  const problems = rule === 'path' ? pathSegmentProblems(name) : nameProblems(name, rule);
  for (const problem of problems) causes.push(invalidValue('metadata.name', name, problem));
  causes.push(...validateLabels(obj.metadata.labels));
  if (type.group === 'apiextensions.k8s.io' && type.kind === 'CustomResourceDefinition') {
    causes.push(...validateCrd(obj));
  }
  if (type.crdName !== undefined) return causes;
  const gk = `${type.group}/${type.kind}`;
  if (WORKLOADS.has(gk)) causes.push(...validateWorkload(obj, type.kind));
  if (gk === '/Pod') causes.push(...validatePodSpec(obj['spec'], 'spec'));
  if (gk === '/Service') causes.push(...validateService(obj));
  return causes;
}

function pathSegmentProblems(name: string): string[] {
  if (name === '.' || name === '..') return [`may not be '${name}'`];
  for (const bad of ['/', '%']) if (name.includes(bad)) return [`may not contain '${bad}'`];
  return [];
}

const WORKLOADS = new Set([
  'apps/Deployment',
  'apps/ReplicaSet',
  'apps/StatefulSet',
  'apps/DaemonSet',
  'batch/Job',
]);

const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;

function validateLabels(labels: unknown): StatusCause[] {
  if (!isPlainObject(labels)) return [];
  const causes: StatusCause[] = [];
  for (const [key, value] of Object.entries(labels)) {
    if (typeof value !== 'string' || value.length > 63 || !LABEL_VALUE.test(value)) {
      causes.push(
        invalidValue(
          `metadata.labels`,
          value,
          "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')",
        ),
      );
    }
    if (key === '')
      causes.push(invalidValue('metadata.labels', key, 'name part must be non-empty'));
  }
  return causes;
}

function validateCrd(crd: KubeObject): StatusCause[] {
  const spec = isPlainObject(crd['spec']) ? crd['spec'] : {};
  const names = isPlainObject(spec['names']) ? spec['names'] : {};
  const causes: StatusCause[] = [];
  const group = spec['group'];
  const plural = names['plural'];
  if (typeof group !== 'string' || group === '') causes.push(requiredValue('spec.group', ''));
  if (typeof plural !== 'string' || plural === '')
    causes.push(requiredValue('spec.names.plural', ''));
  if (typeof names['kind'] !== 'string' || names['kind'] === '')
    causes.push(requiredValue('spec.names.kind', ''));
  const scope = spec['scope'];
  if (scope !== 'Namespaced' && scope !== 'Cluster') {
    causes.push({
      reason: 'FieldValueNotSupported',
      message: `Unsupported value: ${JSON.stringify(scope ?? '')}: supported values: "Cluster", "Namespaced"`,
      field: 'spec.scope',
    });
  }
  const versions = Array.isArray(spec['versions']) ? (spec['versions'] as unknown[]) : [];
  if (versions.length === 0)
    causes.push(
      requiredValue('spec.versions', 'must have exactly one version marked as storage version'),
    );
  const storage = versions.filter((v) => isPlainObject(v) && v['storage'] === true).length;
  if (versions.length > 0 && storage !== 1) {
    causes.push(
      invalidValue(
        'spec.versions',
        versions.length,
        'must have exactly one version marked as storage version',
      ),
    );
  }
  if (
    typeof group === 'string' &&
    typeof plural === 'string' &&
    crd.metadata.name !== `${plural}.${group}`
  ) {
    causes.push(
      invalidValue('metadata.name', crd.metadata.name, `must be spec.names.plural+"."+spec.group`),
    );
  }
  return causes;
}
