import { describe, expect, it } from 'vitest';
import { keepIgnoredFields } from '../../src/diff/keep-ignored-fields.js';
import { parseIgnoreDifferences } from '../../src/diff/ignore-differences.js';
import type { KubeObject } from '../../src/kube/object.js';

const deployment = (
  replicas: number | undefined,
  images: Record<string, string>,
  extra: Partial<KubeObject['metadata']> = {},
): KubeObject => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'web', namespace: 'shop', ...extra },
  spec: {
    ...(replicas === undefined ? {} : { replicas }),
    template: {
      spec: { containers: Object.entries(images).map(([name, image]) => ({ name, image })) },
    },
  },
});

const HPA_OWNS_REPLICAS = {
  managedFields: [
    {
      manager: 'hpa-controller',
      operation: 'Update',
      subresource: 'scale',
      fieldsType: 'FieldsV1',
      fieldsV1: { 'f:spec': { 'f:replicas': {} } },
    },
  ],
};

describe('keepIgnoredFields (RespectIgnoreDifferences)', () => {
  const sidecar = '.spec.template.spec.containers[] | select(.name == "sidecar") | .image';
  it.each([
    [
      'a JSON pointer takes the live value',
      { jsonPointers: ['/spec/replicas'] },
      deployment(1, { app: 'app:2' }),
      deployment(5, { app: 'app:1' }),
      deployment(5, { app: 'app:2' }),
    ],
    [
      'a JSON pointer the live object lacks removes the field',
      { jsonPointers: ['/spec/replicas'] },
      deployment(1, { app: 'app:2' }),
      deployment(undefined, { app: 'app:1' }),
      deployment(undefined, { app: 'app:2' }),
    ],
    [
      'a jq path expression takes the live values it selects',
      { jqPathExpressions: [sidecar] },
      deployment(1, { app: 'app:2', sidecar: 'proxy:git' }),
      deployment(5, { app: 'app:1', sidecar: 'proxy:live' }),
      deployment(1, { app: 'app:2', sidecar: 'proxy:live' }),
    ],
    [
      'a manager keeps the fields it owns',
      { managedFieldsManagers: ['hpa-controller'] },
      deployment(1, { app: 'app:2' }),
      deployment(5, { app: 'app:1' }, HPA_OWNS_REPLICAS),
      deployment(5, { app: 'app:2' }),
    ],
  ])('%s', async (_, rule, target, live, expected) => {
    const rules = parseIgnoreDifferences([{ group: 'apps', kind: 'Deployment', ...rule }]);
    expect(await keepIgnoredFields(target, live, rules)).toEqual(expected);
  });

  it('leaves objects no rule selects, and never changes the target it is given', async () => {
    const target = deployment(1, { app: 'app:2' });
    const live = deployment(5, { app: 'app:1' });
    const others = parseIgnoreDifferences([
      { kind: 'StatefulSet', jsonPointers: ['/spec/replicas'] },
    ]);
    expect(await keepIgnoredFields(target, live, others)).toBe(target);
    const mine = parseIgnoreDifferences([
      { group: 'apps', kind: 'Deployment', jsonPointers: ['/spec/replicas'] },
    ]);
    await keepIgnoredFields(target, live, mine);
    expect(target).toEqual(deployment(1, { app: 'app:2' }));
  });
});
