import { fileURLToPath } from 'node:url';
import type { KubeObject } from '../../../src/kube/object.js';
import { fsSourceTree } from '../../../src/render/fs-source-tree.js';
import { renderHelmChart, type HelmRenderResult } from '../../../src/render/helm/index.js';

export const REPO_ROOT = fileURLToPath(new URL('../../../', import.meta.url));
export const RELEASE_NAMESPACE = 'ferry';

/** Named value sets the chart must render and install with. */
export const VALUE_SETS: Record<string, string> = {
  defaults: '',
  namespaced: ['rbac:', '  namespaced: true', '  namespaces: [team-a, team-b]'].join('\n'),
  'replicas 3 with redis': [
    'replicaCount: 3',
    'auth:',
    '  adminToken: 0123456789abcdef0123',
    '  readonlyToken: fedcba98765432100123',
  ].join('\n'),
  'ingress on': [
    'ingress:',
    '  enabled: true',
    '  className: nginx',
    '  annotations: {cert-manager.io/cluster-issuer: letsencrypt}',
    '  hosts:',
    '    - host: ferry.example.com',
    '      paths: [{path: /, pathType: Prefix}]',
    '  tls:',
    '    - hosts: [ferry.example.com]',
    '      secretName: ferry-tls',
  ].join('\n'),
  existingSecret: [
    'auth: {existingSecret: ferry-tokens}',
    'webhook: {existingSecret: ferry-hooks, secretKey: github}',
    'redis: {existingSecret: ferry-redis-url}',
    'server:',
    '  kubeconfig: {existingSecret: target-cluster}',
    '  dataSizeLimit: 2Gi',
  ].join('\n'),
};

/** Renders charts/ferry from the working tree, as `helm template ferry charts/ferry -n ferry`. */
export async function renderFerryChart(
  values = '',
  includeCrds = false,
): Promise<HelmRenderResult> {
  return renderHelmChart(fsSourceTree(REPO_ROOT), 'charts/ferry', {
    releaseName: 'ferry',
    namespace: RELEASE_NAMESPACE,
    values,
    includeCrds,
  });
}

/** The rendered objects of one kind. */
export function ofKind(objects: KubeObject[], kind: string): KubeObject[] {
  return objects.filter((o) => o.kind === kind);
}

/** The one rendered object of a kind and name; fails the test when it is missing. */
export function find(objects: KubeObject[], kind: string, name: string): KubeObject {
  const found = objects.find((o) => o.kind === kind && o.metadata.name === name);
  if (found === undefined) throw new Error(`no ${kind} ${name} among the rendered objects`);
  return found;
}
