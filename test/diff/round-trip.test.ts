import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { KubeClient } from '../../src/cluster/kube-client.js';
import { startControlPlane, type ControlPlane } from '../../src/controlplane/index.js';
import { compare } from '../../src/diff/compare.js';
import { diffText } from '../../src/diff/diff-text.js';
import type { KubeObject } from '../../src/kube/object.js';
import { Annotation } from '../../src/model/annotations.js';

const MANIFESTS = path.resolve(import.meta.dirname, '../fixtures/diff/round-trip/manifests.yaml');

/** The desired object with the last-applied annotation, as Ferry's applier writes it. */
function withLastApplied(obj: KubeObject, name: string): KubeObject {
  const renamed = { ...obj, metadata: { ...obj.metadata, name } };
  return {
    ...renamed,
    metadata: {
      ...renamed.metadata,
      annotations: {
        ...obj.metadata.annotations,
        [Annotation.lastApplied]: JSON.stringify(renamed),
      },
    },
  };
}

/**
 * No false OutOfSync on a round trip: each typical manifest, created through the API server
 * and read back with everything the server added, compares as in sync.
 */
describe('compare after a round trip through the API server', () => {
  let cp: ControlPlane;
  let dataDir: string;
  let client: KubeClient;
  let manifests: KubeObject[];

  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(tmpdir(), 'ferry-diff-'));
    cp = await startControlPlane({ dataDir, port: 0, timeFactor: 0.02 });
    client = KubeClient.fromFile(cp.kubeconfigPath);
    const text = await readFile(MANIFESTS, 'utf8');
    manifests = parseAllDocuments(text).map((doc) => doc.toJS() as KubeObject);
    for (const obj of manifests) await client.create(obj);
  });

  afterAll(async () => {
    await cp?.stop();
    await rm(dataDir, { recursive: true, force: true });
  });

  const label = (obj: KubeObject): string => `${obj.kind}/${obj.metadata.name}`;

  it('covers every kind in the manifests', () => {
    expect(manifests.length).toBeGreaterThanOrEqual(18);
  });

  it('created as is: in sync', async () => {
    const drifted: string[] = [];
    for (const desired of manifests) {
      const live = await client.get(desired);
      expect(live, label(desired)).toBeDefined();
      const result = compare(desired, live!);
      if (result.modified) drifted.push(`${label(desired)}\n${diffText(result)}`);
    }
    expect(drifted).toEqual([]);
  });

  it('created with the last-applied annotation, as Ferry applies: in sync', async () => {
    const drifted: string[] = [];
    for (const manifest of manifests.filter((m) => m.kind !== 'Namespace')) {
      const desired = withLastApplied(manifest, `${manifest.metadata.name}-la`);
      await client.create(desired);
      const live = await client.get(desired);
      const result = compare(desired, live!);
      if (result.modified) drifted.push(`${label(desired)}\n${diffText(result)}`);
    }
    expect(drifted).toEqual([]);
  });

  it('still sees a real change after the round trip', async () => {
    const deployment = manifests.find((m) => m.kind === 'Deployment')!;
    const live = await client.get(deployment);
    const changed = structuredClone(deployment);
    const spec = changed['spec'] as { replicas: number };
    spec.replicas = 3;
    expect(compare(changed, live!).patch).toEqual([
      { op: 'replace', path: '/spec/replicas', value: 3 },
    ]);
  });
});
