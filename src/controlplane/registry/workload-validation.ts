import {
  matchesRequirements,
  selectorRequirements,
  type LabelSelector,
} from '../../kube/label-selector.js';
import { nameProblems, NameRule } from '../../kube/names.js';
import { isPlainObject, type KubeObject } from '../../kube/object.js';
import type { StatusCause } from '../api-error.js';
import { goValue } from './schema-check.js';

function invalidValue(field: string, value: unknown, message: string): StatusCause {
  return {
    reason: 'FieldValueInvalid',
    message: `Invalid value: ${goValue(value)}: ${message}`,
    field,
  };
}
function required(field: string, detail = ''): StatusCause {
  return {
    reason: 'FieldValueRequired',
    message: `Required value${detail === '' ? '' : `: ${detail}`}`,
    field,
  };
}
function unsupported(field: string, value: unknown, supported: string[]): StatusCause {
  return {
    reason: 'FieldValueNotSupported',
    message: `Unsupported value: ${JSON.stringify(value)}: supported values: ${supported.map((s) => JSON.stringify(s)).join(', ')}`,
    field,
  };
}

const record = (value: unknown): Record<string, unknown> => (isPlainObject(value) ? value : {});

/** The API server's checks of a pod spec, under `path` (`spec` or `spec.template.spec`). */
export function validatePodSpec(
  spec: unknown,
  path: string,
  restartPolicies?: string[],
): StatusCause[] {
  const causes: StatusCause[] = [];
  const podSpec = record(spec);
  const containers = Array.isArray(podSpec['containers']) ? podSpec['containers'] : [];
  if (containers.length === 0) causes.push(required(`${path}.containers`));
  const seen = new Set<string>();
  for (const field of ['initContainers', 'containers']) {
    const list = Array.isArray(podSpec[field]) ? (podSpec[field] as unknown[]) : [];
    list.forEach((raw, i) => {
      const c = record(raw);
      const at = `${path}.${field}[${i}]`;
      const name = c['name'];
      if (typeof name !== 'string' || name === '') causes.push(required(`${at}.name`));
      else {
        for (const problem of nameProblems(name, NameRule.Label))
          causes.push(invalidValue(`${at}.name`, name, problem));
        if (seen.has(name))
          causes.push({
            reason: 'FieldValueDuplicate',
            message: `Duplicate value: ${JSON.stringify(name)}`,
            field: `${at}.name`,
          });
        seen.add(name);
      }
      if (typeof c['image'] !== 'string' || c['image'].trim() === '')
        causes.push(required(`${at}.image`));
      const ports = Array.isArray(c['ports']) ? (c['ports'] as unknown[]) : [];
      ports.forEach((p, j) => {
        const port = record(p)['containerPort'];
        if (typeof port === 'number' && (port < 1 || port > 65535))
          causes.push(
            invalidValue(
              `${at}.ports[${j}].containerPort`,
              port,
              'must be between 1 and 65535, inclusive',
            ),
          );
      });
    });
  }
  const policy = podSpec['restartPolicy'];
  if (
    restartPolicies !== undefined &&
    typeof policy === 'string' &&
    !restartPolicies.includes(policy)
  )
    causes.push(unsupported(`${path}.restartPolicy`, policy, restartPolicies));
  return causes;
}

/** Selector and template checks shared by Deployments, ReplicaSets, StatefulSets and DaemonSets. */
export function validateWorkload(obj: KubeObject, kind: string): StatusCause[] {
  const spec = record(obj['spec']);
  const causes: StatusCause[] = [];
  const selector = spec['selector'];
  const template = record(spec['template']);
  const labels = record(record(template['metadata'])['labels']);
  if (kind === 'Job') {
    causes.push(...validatePodSpec(template['spec'], 'spec.template.spec', ['OnFailure', 'Never']));
    return causes;
  }
  if (!isPlainObject(selector)) {
    causes.push(required('spec.selector'));
  } else {
    const requirements = selectorRequirements(selector as LabelSelector);
    if (requirements.length === 0)
      causes.push(
        invalidValue(
          'spec.selector',
          selector,
          `empty selector is invalid for ${kind.toLowerCase()}`,
        ),
      );
  }
  const matches =
    isPlainObject(selector) &&
    matchesRequirements(
      labels as Record<string, string>,
      selectorRequirements(selector as LabelSelector),
    );
  if (!matches)
    causes.push(
      invalidValue(
        'spec.template.metadata.labels',
        labels,
        '`selector` does not match template `labels`',
      ),
    );
  causes.push(...validatePodSpec(template['spec'], 'spec.template.spec', ['Always']));
  const replicas = spec['replicas'];
  if (typeof replicas === 'number' && replicas < 0)
    causes.push(invalidValue('spec.replicas', replicas, 'must be greater than or equal to 0'));
  return causes;
}

/** Services need ports unless they are ExternalName or headless. */
export function validateService(obj: KubeObject): StatusCause[] {
  const spec = record(obj['spec']);
  const causes: StatusCause[] = [];
  const ports = Array.isArray(spec['ports']) ? (spec['ports'] as unknown[]) : [];
  if (ports.length === 0 && spec['type'] !== 'ExternalName' && spec['clusterIP'] !== 'None')
    causes.push(required('spec.ports'));
  ports.forEach((p, i) => {
    const port = record(p)['port'];
    if (typeof port !== 'number') causes.push(required(`spec.ports[${i}].port`));
    else if (port < 1 || port > 65535)
      causes.push(
        invalidValue(`spec.ports[${i}].port`, port, 'must be between 1 and 65535, inclusive'),
      );
  });
  return causes;
}
