import { readFile } from 'node:fs/promises';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../src/kube/object.js';
import { applicationCrd } from '../../src/model/application-crd.js';
import { find, ofKind, renderFerryChart, VALUE_SETS } from './support/ferry-chart.js';
import { FERRY_CRD_FILE } from './write-ferry-crd.js';

interface Rule {
  apiGroups: string[];
  resources: string[];
  resourceNames?: string[];
  verbs: string[];
}

interface Container {
  name: string;
  image: string;
  args?: string[];
  env?: {
    name: string;
    value?: string;
    valueFrom?: { secretKeyRef: { name: string; key: string } };
  }[];
  livenessProbe?: { httpGet?: { path: string; port: string } };
  readinessProbe?: { httpGet?: { path: string; port: string } };
  resources?: { requests?: Record<string, string>; limits?: Record<string, string> };
  securityContext?: Record<string, unknown>;
  volumeMounts?: { name: string; mountPath: string }[];
}

interface PodSpec {
  serviceAccountName?: string;
  securityContext?: Record<string, unknown>;
  containers: Container[];
  volumes?: { name: string; emptyDir?: Record<string, unknown>; secret?: { secretName: string } }[];
}

function podSpec(deployment: KubeObject): PodSpec {
  return (deployment['spec'] as { template: { spec: PodSpec } }).template.spec;
}

function ferryContainer(objects: KubeObject[]): Container {
  return podSpec(find(objects, 'Deployment', 'ferry')).containers[0]!;
}

function rules(role: KubeObject): Rule[] {
  return role['rules'] as Rule[];
}

/** The verbs a role grants on a resource of a group (wildcards included). */
function verbsOn(role: KubeObject, group: string, resource: string): string[] {
  return rules(role)
    .filter(
      (r) =>
        (r.apiGroups.includes(group) || r.apiGroups.includes('*')) &&
        (r.resources.includes(resource) || r.resources.includes('*')) &&
        r.resourceNames === undefined,
    )
    .flatMap((r) => r.verbs);
}

function env(container: Container, name: string): Container['env'] {
  return container.env?.filter((e) => e.name === name);
}

describe('charts/ferry', () => {
  it('ships the CRD Ferry itself creates', async () => {
    const file = parse(await readFile(FERRY_CRD_FILE, 'utf8')) as unknown;
    expect(file).toEqual(applicationCrd());
    const rendered = await renderFerryChart('', true);
    expect(rendered.objects[0]).toEqual(applicationCrd());
    expect(rendered.sources[0]).toBe('ferry/crds/applications.ferry.dev.yaml');
  });

  it.each(Object.entries(VALUE_SETS))('renders with %s without warnings', async (_, values) => {
    const rendered = await renderFerryChart(values);
    expect(rendered.warnings).toEqual([]);
    expect(ofKind(rendered.objects, 'Deployment').length).toBeGreaterThan(0);
    expect(rendered.notes).toContain('Ferry is installed as ferry in namespace ferry');
    // The chart never ships Applications, so it installs before its CRD is served.
    expect(ofKind(rendered.objects, 'Application')).toEqual([]);
  });

  it('runs Ferry with probes, resources, a data volume and a locked-down security context', async () => {
    const { objects } = await renderFerryChart();
    const pod = podSpec(find(objects, 'Deployment', 'ferry'));
    const c = ferryContainer(objects);
    expect(c.image).toBe('ghcr.io/ferry-dev/ferry:0.1.0');
    expect(c.args).toEqual([
      'serve',
      '--host=0.0.0.0',
      '--port=8080',
      '--data-dir=/data',
      '--in-cluster',
    ]);
    expect(c.livenessProbe?.httpGet).toEqual({ path: '/healthz', port: 'http' });
    expect(c.readinessProbe?.httpGet).toEqual({ path: '/readyz', port: 'http' });
    expect(c.resources?.requests).toEqual({ cpu: '100m', memory: '256Mi' });
    expect(c.resources?.limits).toEqual({ memory: '1Gi' });
    expect(c.securityContext).toEqual({
      allowPrivilegeEscalation: false,
      readOnlyRootFilesystem: true,
      runAsNonRoot: true,
      capabilities: { drop: ['ALL'] },
      seccompProfile: { type: 'RuntimeDefault' },
    });
    expect(pod.securityContext).toMatchObject({
      runAsNonRoot: true,
      seccompProfile: { type: 'RuntimeDefault' },
    });
    expect(pod.serviceAccountName).toBe('ferry');
    expect(c.volumeMounts).toEqual([
      { name: 'data', mountPath: '/data' },
      { name: 'tmp', mountPath: '/tmp' },
    ]);
    expect(pod.volumes).toEqual([
      { name: 'data', emptyDir: {} },
      { name: 'tmp', emptyDir: {} },
    ]);
    expect(env(c, 'FERRY_ADMIN_TOKEN')).toEqual([]);
    expect(env(c, 'FERRY_REDIS_URL')).toEqual([]);
    expect(find(objects, 'Service', 'ferry')['spec']).toMatchObject({
      ports: [{ name: 'http', port: 80, targetPort: 'http' }],
    });
    expect(ofKind(objects, 'Ingress')).toEqual([]);
    expect(ofKind(objects, 'Secret')).toEqual([]);
    expect(ofKind(objects, 'PodDisruptionBudget')).toEqual([]);
  });

  it('lets Ferry find the cluster it runs in through its mounted ServiceAccount token', async () => {
    const { objects } = await renderFerryChart();
    const pod = podSpec(find(objects, 'Deployment', 'ferry')) as PodSpec & {
      automountServiceAccountToken?: boolean;
    };
    expect(pod.automountServiceAccountToken).toBe(true);
    expect(ferryContainer(objects).args?.some((a) => a.startsWith('--kubeconfig'))).toBe(false);
    expect(ofKind(objects, 'ConfigMap')).toEqual([]);
  });

  it('grants a ClusterRole what Ferry reads, syncs and owns, and nothing to escalate with', async () => {
    const { objects } = await renderFerryChart();
    const role = find(objects, 'ClusterRole', 'ferry');
    const write = ['create', 'update', 'patch', 'delete'];
    expect(verbsOn(role, 'apps', 'deployments')).toEqual(
      expect.arrayContaining(['get', 'list', 'watch', ...write]),
    );
    expect(verbsOn(role, 'ferry.dev', 'applications')).toEqual(
      expect.arrayContaining(['get', 'list', 'watch', ...write]),
    );
    expect(verbsOn(role, 'ferry.dev', 'applications/status')).toEqual(
      expect.arrayContaining(['update', 'patch']),
    );
    expect(verbsOn(role, '', 'events')).toEqual(expect.arrayContaining(['create', 'patch']));
    expect(verbsOn(role, '', 'namespaces')).toContain('create');
    const verbs = new Set(rules(role).flatMap((r) => r.verbs));
    for (const dangerous of ['*', 'escalate', 'bind', 'impersonate', 'deletecollection'])
      expect(verbs.has(dangerous), dangerous).toBe(false);
    expect(find(objects, 'ClusterRoleBinding', 'ferry')).toMatchObject({
      roleRef: { kind: 'ClusterRole', name: 'ferry' },
      subjects: [{ kind: 'ServiceAccount', name: 'ferry', namespace: 'ferry' }],
    });
    expect(ofKind(objects, 'Role')).toEqual([]);
  });

  it('narrows what Ferry may sync with rbac.syncRules', async () => {
    const { objects } = await renderFerryChart(
      'rbac: {syncRules: [{apiGroups: [apps], resources: [deployments]}, {apiGroups: [""], resources: [services, configmaps]}]}',
    );
    const role = find(objects, 'ClusterRole', 'ferry');
    expect(verbsOn(role, 'apps', 'deployments')).toContain('delete');
    expect(verbsOn(role, '', 'configmaps')).toContain('patch');
    expect(verbsOn(role, '', 'secrets')).toEqual([]);
    expect(verbsOn(role, 'rbac.authorization.k8s.io', 'clusterroles')).toEqual([]);
    expect(verbsOn(role, 'ferry.dev', 'applications')).toContain('watch');
  });

  it('uses Roles in the listed namespaces in namespaced mode', async () => {
    const { objects } = await renderFerryChart(VALUE_SETS['namespaced']);
    expect(ferryContainer(objects).args).toContain('--managed-namespaces=team-a,team-b');
    expect(ofKind(objects, 'ClusterRole')).toEqual([]);
    expect(ofKind(objects, 'ClusterRoleBinding')).toEqual([]);
    const roles = ofKind(objects, 'Role');
    expect(roles.map((r) => r.metadata.namespace)).toEqual(['ferry', 'team-a', 'team-b']);
    const [own, teamA] = roles;
    expect(verbsOn(own!, 'ferry.dev', 'applications')).toContain('watch');
    expect(verbsOn(own!, '', 'secrets')).toEqual(['get', 'list', 'watch']);
    expect(verbsOn(own!, '', 'events')).toEqual(['create', 'patch', 'get', 'list', 'watch']);
    expect(verbsOn(own!, 'apps', 'deployments')).toEqual([]);
    expect(verbsOn(teamA!, 'apps', 'deployments')).toEqual(
      expect.arrayContaining(['get', 'list', 'watch', 'create', 'update', 'patch', 'delete']),
    );
    expect(verbsOn(teamA!, 'ferry.dev', 'applications')).toEqual(
      expect.arrayContaining(['get', 'list', 'watch', 'create', 'update', 'patch', 'delete']),
    );
    const bindings = ofKind(objects, 'RoleBinding');
    expect(bindings.map((b) => b.metadata.namespace)).toEqual(['ferry', 'team-a', 'team-b']);
    for (const b of bindings) {
      expect(b).toMatchObject({
        roleRef: { kind: 'Role', name: 'ferry' },
        subjects: [{ kind: 'ServiceAccount', name: 'ferry', namespace: 'ferry' }],
      });
    }
  });

  it('runs Redis for more than one replica and points Ferry at it', async () => {
    const { objects } = await renderFerryChart(VALUE_SETS['replicas 3 with redis']);
    expect(find(objects, 'Deployment', 'ferry')['spec']).toMatchObject({ replicas: 3 });
    expect(find(objects, 'PodDisruptionBudget', 'ferry')['spec']).toEqual({
      maxUnavailable: 1,
      selector: {
        matchLabels: {
          'app.kubernetes.io/name': 'ferry',
          'app.kubernetes.io/instance': 'ferry',
          'app.kubernetes.io/component': 'server',
        },
      },
    });
    const redis = find(objects, 'Deployment', 'ferry-redis');
    expect(podSpec(redis).containers[0]!.securityContext).toMatchObject({
      readOnlyRootFilesystem: true,
      capabilities: { drop: ['ALL'] },
    });
    expect(find(objects, 'Service', 'ferry-redis')['spec']).toMatchObject({
      selector: { 'app.kubernetes.io/component': 'redis' },
      ports: [{ port: 6379 }],
    });
    const c = ferryContainer(objects);
    expect(env(c, 'FERRY_REDIS_URL')).toEqual([
      { name: 'FERRY_REDIS_URL', value: 'redis://ferry-redis:6379' },
    ]);
    expect(env(c, 'FERRY_ADMIN_TOKEN')?.[0]?.valueFrom?.secretKeyRef).toEqual({
      name: 'ferry-auth',
      key: 'admin-token',
    });
    const secret = find(objects, 'Secret', 'ferry-auth');
    expect(secret['data']).toEqual({
      'admin-token': Buffer.from('0123456789abcdef0123').toString('base64'),
      'readonly-token': Buffer.from('fedcba98765432100123').toString('base64'),
    });
  });

  it('uses an external Redis instead of its own', async () => {
    const { objects } = await renderFerryChart(
      'replicaCount: 2\nauth: {adminToken: 0123456789abcdef0123}\nredis: {url: "redis://cache:6379"}',
    );
    expect(ofKind(objects, 'Deployment').map((d) => d.metadata.name)).toEqual(['ferry']);
    expect(env(ferryContainer(objects), 'FERRY_REDIS_URL')).toEqual([
      { name: 'FERRY_REDIS_URL', value: 'redis://cache:6379' },
    ]);
  });

  it('refuses several replicas without a shared admin token', async () => {
    await expect(renderFerryChart('replicaCount: 2')).rejects.toThrow(
      /auth.adminToken or auth.existingSecret is required when replicaCount > 1/u,
    );
  });

  it('adds an Ingress to the Service when asked', async () => {
    const { objects, notes } = await renderFerryChart(VALUE_SETS['ingress on']);
    const ingress = find(objects, 'Ingress', 'ferry');
    expect(ingress.metadata.annotations).toEqual({
      'cert-manager.io/cluster-issuer': 'letsencrypt',
    });
    expect(ingress['spec']).toEqual({
      ingressClassName: 'nginx',
      tls: [{ hosts: ['ferry.example.com'], secretName: 'ferry-tls' }],
      rules: [
        {
          host: 'ferry.example.com',
          http: {
            paths: [
              {
                path: '/',
                pathType: 'Prefix',
                backend: { service: { name: 'ferry', port: { name: 'http' } } },
              },
            ],
          },
        },
      ],
    });
    expect(notes).toContain('https://ferry.example.com');
  });

  it('reads tokens, webhook secret, Redis URL and kubeconfig from existing Secrets', async () => {
    const { objects } = await renderFerryChart(VALUE_SETS['existingSecret']);
    expect(ofKind(objects, 'Secret')).toEqual([]);
    expect(ofKind(objects, 'ConfigMap')).toEqual([]);
    expect(ofKind(objects, 'Deployment').map((d) => d.metadata.name)).toEqual(['ferry']);
    const c = ferryContainer(objects);
    const ref = (name: string): unknown => env(c, name)?.[0]?.valueFrom?.secretKeyRef;
    expect(ref('FERRY_ADMIN_TOKEN')).toEqual({ name: 'ferry-tokens', key: 'admin-token' });
    expect(ref('FERRY_READONLY_TOKEN')).toEqual({
      name: 'ferry-tokens',
      key: 'readonly-token',
      optional: true,
    });
    expect(ref('FERRY_WEBHOOK_SECRET')).toEqual({ name: 'ferry-hooks', key: 'github' });
    expect(ref('FERRY_REDIS_URL')).toEqual({ name: 'ferry-redis-url', key: 'redis-url' });
    expect(c.args).toContain('--kubeconfig=/etc/ferry/kubeconfig/kubeconfig');
    expect(c.args).not.toContain('--in-cluster');
    const pod = podSpec(find(objects, 'Deployment', 'ferry'));
    expect(pod.volumes).toContainEqual({
      name: 'kubeconfig',
      secret: { secretName: 'target-cluster' },
    });
    expect(pod.volumes).toContainEqual({ name: 'data', emptyDir: { sizeLimit: '2Gi' } });
  });

  it('creates the webhook Secret from a value and rolls pods when it changes', async () => {
    const a = await renderFerryChart('webhook: {secret: one}');
    const b = await renderFerryChart('webhook: {secret: two}');
    expect(find(a.objects, 'Secret', 'ferry-webhook')['data']).toEqual({
      'webhook-secret': Buffer.from('one').toString('base64'),
    });
    const checksum = (objects: KubeObject[]): unknown =>
      (
        find(objects, 'Deployment', 'ferry')['spec'] as {
          template: { metadata: { annotations: Record<string, string> } };
        }
      ).template.metadata.annotations['checksum/webhook'];
    expect(checksum(a.objects)).not.toEqual(checksum(b.objects));
  });

  it.each([
    ['a short admin token', 'auth: {adminToken: short}', /auth.adminToken/u],
    ['an unknown value', 'replicas: 2', /Additional property replicas is not allowed/u],
    ['a bad log level', 'server: {logLevel: loud}', /server.logLevel/u],
    ['a bad namespace', 'rbac: {namespaced: true, namespaces: [Team_A]}', /rbac.namespaces.0/u],
  ])('rejects %s through values.schema.json', async (_, values, message) => {
    await expect(renderFerryChart(values)).rejects.toThrow(message);
  });
});
