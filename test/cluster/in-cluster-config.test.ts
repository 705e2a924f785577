import { cp as copyDir, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { KubeConfig } from '@kubernetes/client-node';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inClusterKubeConfig } from '../../src/cluster/in-cluster-config.js';
import { KubeClient } from '../../src/cluster/kube-client.js';
import { loadServeConfig } from '../../src/config.js';
import { startControlPlane, type ControlPlane } from '../../src/controlplane/index.js';
import type { KubeObject } from '../../src/kube/object.js';
import { startServer } from '../../src/server.js';

describe('in-cluster config', () => {
  let dir: string;
  let cp: ControlPlane;
  /** A ServiceAccount mount for the embedded control plane, as the kubelet writes one. */
  let serviceAccountDir: string;
  let env: NodeJS.ProcessEnv;
  let token: string;

  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'ferry-in-cluster-'));
    cp = await startControlPlane({ dataDir: path.join(dir, 'cp'), port: 0 });
    const kc = new KubeConfig();
    kc.loadFromFile(cp.kubeconfigPath);
    const server = new URL(kc.getCurrentCluster()!.server);
    token = kc.getCurrentUser()!.token!;
    serviceAccountDir = path.join(dir, 'serviceaccount');
    await mkdir(serviceAccountDir);
    await writeFile(path.join(serviceAccountDir, 'token'), `${token}\n`);
    const ca = Buffer.from(kc.getCurrentCluster()!.caData!, 'base64');
    await writeFile(path.join(serviceAccountDir, 'ca.crt'), ca);
    await writeFile(path.join(serviceAccountDir, 'namespace'), 'ferry-system');
    env = {
      KUBERNETES_SERVICE_HOST: server.hostname,
      KUBERNETES_SERVICE_PORT: server.port,
      FERRY_SERVICE_ACCOUNT_DIR: serviceAccountDir,
    };
  });

  afterAll(async () => {
    await cp?.stop();
    if (dir !== undefined) await rm(dir, { recursive: true, force: true });
  });

  it('is used with --in-cluster only, never beside a kubeconfig', () => {
    const inPod = loadServeConfig({ inCluster: true }, env);
    expect(inPod.inCluster).toEqual({
      host: env['KUBERNETES_SERVICE_HOST'],
      port: env['KUBERNETES_SERVICE_PORT'],
      serviceAccountDir,
    });
    expect(loadServeConfig({}, { ...env, FERRY_IN_CLUSTER: 'true' }).inCluster).toEqual(
      inPod.inCluster,
    );
    // Inside a pod, Ferry still runs standalone unless asked.
    expect(loadServeConfig({}, env).inCluster).toBeUndefined();
    expect(() => loadServeConfig({ inCluster: true, kubeconfig: cp.kubeconfigPath }, env)).toThrow(
      /name two clusters/,
    );
    expect(() => loadServeConfig({ inCluster: true }, {})).toThrow(/KUBERNETES_SERVICE_HOST/);
  });

  it('refuses to start in a pod without a ServiceAccount token', () => {
    expect(() =>
      loadServeConfig(
        { inCluster: true },
        { ...env, FERRY_SERVICE_ACCOUNT_DIR: path.join(dir, 'none') },
      ),
    ).toThrow(/no ServiceAccount token in .*none: mount one/);
  });

  it('talks to the cluster over HTTPS with the CA, token and namespace of the mount', async () => {
    const config = inClusterKubeConfig(loadServeConfig({ inCluster: true }, env).inCluster!);
    expect(config.getContextObject(config.getCurrentContext())?.namespace).toBe('ferry-system');
    const client = new KubeClient(config);
    try {
      const cm: KubeObject = {
        apiVersion: 'v1',
        kind: 'ConfigMap',
        metadata: { name: 'in-cluster', namespace: 'default' },
        data: { ok: 'yes' },
      };
      await client.create(cm);
      expect((await client.get(cm))?.['data']).toEqual({ ok: 'yes' });
      const info = (await client.discovery.resourceInfo('v1', 'ConfigMap'))!;
      const { resourceVersion } = await client.list(info, 'default');
      const seen = new Promise<KubeObject>((resolve, reject) => {
        void client
          .watch(
            info,
            resourceVersion,
            (event) => {
              if (event.type === 'ADDED') resolve(event.object);
            },
            (err) => (err === null || err === undefined ? undefined : reject(err as Error)),
          )
          .then((watch) => seen.finally(() => watch.abort()), reject);
      });
      await client.create({ ...cm, metadata: { ...cm.metadata, name: 'watched' } });
      expect((await seen).metadata.name).toBe('watched');
    } finally {
      client.close();
    }
  });

  it('reads the token file again, so a rotated token is used', async () => {
    const rotating = path.join(dir, 'rotating');
    await copyDir(serviceAccountDir, rotating, { recursive: true });
    const config = inClusterKubeConfig({
      ...loadServeConfig({}, env).inCluster!,
      serviceAccountDir: rotating,
    });
    const authorization = async () => {
      const opts: { headers?: Record<string, string> } = {};
      await config.applyToHTTPSOptions(opts);
      return opts.headers?.['Authorization'];
    };
    expect(await authorization()).toBe(`Bearer ${token}`);
    await writeFile(path.join(rotating, 'token'), 'rotated-token\n');
    expect(await authorization()).toBe('Bearer rotated-token');
  });

  it('runs ferry serve --in-cluster against the cluster of its pod', async () => {
    const config = loadServeConfig(
      { dataDir: path.join(dir, 'ferry'), port: '0', inCluster: true },
      env,
    );
    const ferry = await startServer(config, pino({ level: 'silent' }));
    try {
      expect(ferry.kubeconfigPath).toBeUndefined();
      const admin = KubeClient.fromFile(cp.kubeconfigPath);
      try {
        const crd = await admin.get({
          apiVersion: 'apiextensions.k8s.io/v1',
          kind: 'CustomResourceDefinition',
          metadata: { name: 'applications.ferry.dev' },
        });
        expect(crd).toBeDefined();
      } finally {
        admin.close();
      }
    } finally {
      await ferry.stop();
    }
  });
});
