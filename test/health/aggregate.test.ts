import { describe, expect, it } from 'vitest';
import { aggregateResourceHealth, type ResourceHealth } from '../../src/health/health.js';
import type { KubeObject } from '../../src/kube/object.js';
import type { HealthStatusCode } from '../../src/model/vocabulary.js';

function resource(
  status: HealthStatusCode | undefined,
  annotations?: Record<string, string>,
): ResourceHealth {
  const live: KubeObject = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p', annotations } };
  return { live, target: live, health: status === undefined ? undefined : { status } };
}

describe('aggregateResourceHealth', () => {
  it('takes the worst status', () => {
    expect(aggregateResourceHealth([resource('Healthy'), resource('Progressing')])).toBe(
      'Progressing',
    );
    expect(aggregateResourceHealth([resource('Suspended'), resource('Healthy')])).toBe('Suspended');
    expect(aggregateResourceHealth([])).toBe('Healthy');
  });

  it('leaves out resources without a check', () => {
    expect(aggregateResourceHealth([resource(undefined), resource('Healthy')])).toBe('Healthy');
  });

  it('leaves out Argo CD and Helm hooks', () => {
    const hooks = [
      resource('Degraded', { 'argocd.argoproj.io/hook': 'PreSync' }),
      resource('Progressing', { 'helm.sh/hook': 'post-install' }),
    ];
    expect(aggregateResourceHealth([...hooks, resource('Healthy')])).toBe('Healthy');
  });

  it('honours argocd.argoproj.io/ignore-healthcheck: "true" only', () => {
    const ignored = resource('Degraded', { 'argocd.argoproj.io/ignore-healthcheck': 'true' });
    const notIgnored = resource('Degraded', { 'argocd.argoproj.io/ignore-healthcheck': 'false' });
    expect(aggregateResourceHealth([ignored, resource('Healthy')])).toBe('Healthy');
    expect(aggregateResourceHealth([notIgnored, resource('Healthy')])).toBe('Degraded');
  });

  it('reads a missing hook from its desired object', () => {
    const target: KubeObject = {
      apiVersion: 'batch/v1',
      kind: 'Job',
      metadata: { name: 'j', annotations: { 'argocd.argoproj.io/hook': 'PostSync' } },
    };
    const missing: ResourceHealth = { target, live: null, health: { status: 'Missing' } };
    expect(aggregateResourceHealth([missing, resource('Healthy')])).toBe('Healthy');
  });
});
