import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureCrd } from '../../src/cluster/bootstrap.js';
import { KubeClient } from '../../src/cluster/kube-client.js';
import { writeAppStatus } from '../../src/controller/status-write.js';
import { startControlPlane, type ControlPlane } from '../../src/controlplane/index.js';
import type { KubeObject } from '../../src/kube/object.js';
import type { Application } from '../../src/model/application.js';
import { applicationCrd } from '../../src/model/application-crd.js';

/** A client that records the status writes it sends on to the control plane. */
class RecordingClient extends KubeClient {
  readonly writes: { fields: Record<string, unknown>; resourceVersion?: string }[] = [];

  override async writeStatus(
    obj: KubeObject,
    fields: Record<string, unknown>,
    resourceVersion?: string,
  ): Promise<void> {
    this.writes.push({ fields, ...(resourceVersion === undefined ? {} : { resourceVersion }) });
    await super.writeStatus(obj, fields, resourceVersion);
  }
}

const STATUS = {
  sync: { status: 'Synced', revision: 'abc' },
  health: { status: 'Healthy' },
  resources: [{ group: '', version: 'v1', kind: 'ConfigMap', name: 'c', status: 'Synced' }],
  conditions: [],
  reconciledAt: '2026-01-01T00:00:00.000Z',
};

describe('writeAppStatus', () => {
  let dir: string;
  let cp: ControlPlane;
  let client: RecordingClient;
  let n = 0;

  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'ferry-status-write-'));
    cp = await startControlPlane({ dataDir: dir, port: 0 });
    const admin = KubeClient.fromFile(cp.kubeconfigPath);
    await ensureCrd(admin, applicationCrd());
    await admin.create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'ferry' } });
    admin.close();
    client = new RecordingClient(KubeClient.fromFile(cp.kubeconfigPath).config);
  });

  afterAll(async () => {
    client.close();
    await cp.stop();
    await rm(dir, { recursive: true, force: true });
  });

  /** A new app whose status is STATUS, as a cache would hold it after the write. */
  async function cachedApp(): Promise<Application> {
    const created = await client.create({
      apiVersion: 'ferry.dev/v1alpha1',
      kind: 'Application',
      metadata: { name: `app-${++n}`, namespace: 'ferry' },
      spec: { source: { repoURL: 'r' }, destination: {} },
    });
    return (await client.patchStatus(created, STATUS)) as Application;
  }

  const read = async (app: Application) => (await client.get(app)) as Application;

  it('sends only the reconcile time when nothing else changed, on condition of the version', async () => {
    const app = await cachedApp();
    client.writes.length = 0;
    await writeAppStatus(
      client,
      app,
      { ...STATUS, reconciledAt: '2026-01-01T00:01:00.000Z' },
      true,
    );
    expect(client.writes).toEqual([
      {
        fields: { reconciledAt: '2026-01-01T00:01:00.000Z' },
        resourceVersion: app.metadata.resourceVersion,
      },
    ]);
    expect((await read(app)).status).toEqual({
      ...STATUS,
      reconciledAt: '2026-01-01T00:01:00.000Z',
    });
  });

  it('sends the fields that changed, and removes the ones set to null', async () => {
    const app = await cachedApp();
    client.writes.length = 0;
    const health = { status: 'Progressing' };
    await writeAppStatus(
      client,
      app,
      { ...STATUS, health, conditions: null, reconciledAt: '2026-01-01T00:02:00.000Z' },
      false,
    );
    expect(client.writes.map((w) => Object.keys(w.fields).sort())).toEqual([
      ['conditions', 'health', 'reconciledAt'],
    ]);
    const { conditions, ...rest } = STATUS;
    void conditions;
    expect((await read(app)).status).toEqual({
      ...rest,
      health,
      reconciledAt: '2026-01-01T00:02:00.000Z',
    });
  });

  it('writes nothing when nothing changed and no stamp is asked for', async () => {
    const app = await cachedApp();
    client.writes.length = 0;
    await writeAppStatus(
      client,
      app,
      { ...STATUS, reconciledAt: '2026-01-01T00:03:00.000Z' },
      false,
    );
    expect(client.writes).toEqual([]);
    expect((await read(app)).metadata.resourceVersion).toBe(app.metadata.resourceVersion);
  });

  it('sends every field when the server holds a later version than the cached copy', async () => {
    const app = await cachedApp();
    // Written after the cache's copy was taken: the copy still says Healthy.
    await client.patchStatus(app, { health: { status: 'Degraded' } });
    client.writes.length = 0;
    const reconciledAt = '2026-01-01T00:04:00.000Z';
    await writeAppStatus(client, app, { ...STATUS, reconciledAt }, true);
    expect(client.writes.map((w) => w.resourceVersion)).toEqual([
      app.metadata.resourceVersion,
      undefined,
    ]);
    expect((await read(app)).status).toEqual({ ...STATUS, reconciledAt });
  });
});
