import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { KubeObject } from '../../src/kube/object.js';
import type { Application } from '../../src/model/application.js';
import { startFerryEnv, type FerryEnv } from '../support/ferry-env.js';
import { webDeployment } from '../support/manifests.js';

const run = promisify(execFile);

const withUnknownField = (name: string, annotation = '') => `apiVersion: v1
kind: ConfigMap
metadata:
  name: ${name}${annotation === '' ? '' : `\n  annotations: {argocd.argoproj.io/sync-options: "${annotation}"}`}
data: {value: "v1"}
notAField: {hello: world}
`;

const configMap = (name: string, data: Record<string, string>) => `apiVersion: v1
kind: ConfigMap
metadata: {name: ${name}}
data: ${JSON.stringify(data)}
`;

/** The ignoreDifferences of the `respect` and `overwrite` apps: one rule of each kind. */
const IGNORE = [
  { group: 'apps', kind: 'Deployment', jsonPointers: ['/spec/replicas'] },
  { kind: 'ConfigMap', name: 'tuned', jqPathExpressions: ['.data.level'] },
  { kind: 'ConfigMap', name: 'owned', managedFieldsManagers: ['tuner'] },
];

const respectFiles = (version: string): Record<string, string> => ({
  'deploy.yaml': webDeployment(`busybox:${version}`),
  'tuned.yaml': configMap('tuned', { level: 'git', version }),
  'owned.yaml': configMap('owned', { owner: 'git', version }),
});

const under = (dir: string, files: Record<string, string>): Record<string, string> =>
  Object.fromEntries(Object.entries(files).map(([file, text]) => [`${dir}/${file}`, text]));

describe('sync options: Validate=false and RespectIgnoreDifferences=true', () => {
  let env: FerryEnv;
  const kubectl = async (args: string[]) =>
    run('kubectl', ['--kubeconfig', env.ferry.kubeconfigPath!, ...args]);
  const operationEnded = (name: string) =>
    env.waitForApp(name, 'its operation to end', (a) =>
      ['Succeeded', 'Failed', 'Error'].includes(a.status?.operationState?.phase ?? ''),
    );

  beforeAll(async () => {
    env = await startFerryEnv({
      'strict/cm.yaml': withUnknownField('strict'),
      'strict-csa/cm.yaml': withUnknownField('strict-csa'),
      'ssa-lenient/cm.yaml': withUnknownField('ssa-lenient'),
      'lenient/cm.yaml': withUnknownField('lenient'),
      'annotated/cm.yaml': withUnknownField('annotated', 'Validate=false'),
      ...under('respect', respectFiles('1')),
      ...under('overwrite', respectFiles('1')),
    });
  });

  afterAll(async () => {
    await env?.stop();
  });

  it.each([
    [
      'server-side apply (the default)',
      'strict',
      ['CreateNamespace=true'],
      'failed to create typed patch object (strict/strict; /v1, Kind=ConfigMap): .notAField: field not declared in schema',
    ],
    [
      'client-side apply',
      'strict-csa',
      ['CreateNamespace=true', 'ServerSideApply=false'],
      'ConfigMap in version "v1" cannot be handled as a ConfigMap: strict decoding error: unknown field "notAField"',
    ],
    [
      // As on a real API server, whatever fieldValidation says.
      'server-side apply asked for explicitly, even with Validate=false',
      'ssa-lenient',
      ['CreateNamespace=true', 'ServerSideApply=true', 'Validate=false'],
      '.notAField: field not declared in schema',
    ],
  ])(
    'fails a manifest with an unknown field under %s, with the API server message',
    async (_, name, options, message) => {
      await env.createApp(name, {
        path: name,
        syncPolicy: { automated: {}, syncOptions: options },
      });
      const app = await operationEnded(name);
      expect(app.status?.operationState?.phase).toBe('Failed');
      const result = app.status?.operationState?.syncResult?.resources.find((r) => r.name === name);
      expect(result?.status).toBe('SyncFailed');
      expect(result?.message).toContain(message);
      expect(await env.get('v1', 'ConfigMap', name, name)).toBeUndefined();
    },
  );

  it.each([
    ['the app', 'lenient', ['CreateNamespace=true', 'Validate=false']],
    ['the resource annotation', 'annotated', ['CreateNamespace=true']],
  ])('applies it without validation when %s says Validate=false', async (_, name, options) => {
    await env.createApp(name, {
      path: name,
      syncPolicy: { automated: {}, syncOptions: options },
    });
    const app = await operationEnded(name);
    expect(app.status?.operationState?.phase).toBe('Succeeded');
    const cm = (await env.get('v1', 'ConfigMap', name, name)) as KubeObject;
    expect(cm['data']).toEqual({ value: 'v1' });
    expect(cm['notAField']).toBeUndefined();
    // Client-side apply, which can leave unknown fields out, as kubectl apply --validate=false.
    expect(cm.metadata.annotations).toHaveProperty([
      'kubectl.kubernetes.io/last-applied-configuration',
    ]);
  });

  it('keeps ignored fields at their live values with RespectIgnoreDifferences=true', async () => {
    const appSpec = (respect: boolean) => ({
      ignoreDifferences: IGNORE,
      syncPolicy: {
        automated: {},
        syncOptions: [
          'CreateNamespace=true',
          ...(respect ? ['RespectIgnoreDifferences=true'] : []),
        ],
      },
    });
    await env.createApp('respect', { path: 'respect', ...appSpec(true) });
    await env.createApp('overwrite', { path: 'overwrite', ...appSpec(false) });
    for (const name of ['respect', 'overwrite']) {
      expect((await operationEnded(name)).status?.operationState?.phase).toBe('Succeeded');
      // Another controller (an HPA, an operator) changes the fields the rules ignore.
      await kubectl(['scale', '-n', name, 'deployment/web', '--replicas=3']);
      await kubectl(['patch', '-n', name, 'configmap/tuned', '-p', '{"data":{"level":"live"}}']);
      await kubectl(
        ['patch', '-n', name, 'configmap/owned', '--field-manager', 'tuner'].concat([
          '-p',
          '{"data":{"owner":"tuner"}}',
        ]),
      );
    }
    const first = (await env.app('respect'))!.status!.operationState!.syncResult!.revision;
    await env.repo.commit(
      {
        write: { ...under('respect', respectFiles('2')), ...under('overwrite', respectFiles('2')) },
      },
      'version 2',
    );
    await env.repo.push();
    const synced = async (name: string): Promise<Application> =>
      env.waitForApp(
        name,
        'the new revision synced',
        (a) =>
          a.status?.operationState?.phase === 'Succeeded' &&
          a.status.operationState.syncResult?.revision !== first,
        60_000,
      );
    await Promise.all([synced('respect'), synced('overwrite')]);

    const live = async (name: string) => {
      const web = (await env.get('apps/v1', 'Deployment', 'web', name)) as KubeObject;
      const spec = web['spec'] as {
        replicas: number;
        template: { spec: { containers: { image: string }[] } };
      };
      const data = async (cm: string) =>
        ((await env.get('v1', 'ConfigMap', cm, name)) as KubeObject)['data'];
      return {
        replicas: spec.replicas,
        image: spec.template.spec.containers[0]!.image,
        tuned: await data('tuned'),
        owned: await data('owned'),
      };
    };
    expect(await live('respect')).toEqual({
      replicas: 3,
      image: 'busybox:2',
      tuned: { level: 'live', version: '2' },
      owned: { owner: 'tuner', version: '2' },
    });
    // Without the option, the same rules only hide the drift: a sync overwrites it.
    expect(await live('overwrite')).toEqual({
      replicas: 1,
      image: 'busybox:2',
      tuned: { level: 'git', version: '2' },
      owned: { owner: 'git', version: '2' },
    });
  });
});
