import type { KubeObject } from '../kube/object.js';
import { ClusterError } from '../model/errors.js';
import { isConflict, isForbidden } from './cluster-errors.js';
import type { KubeClient } from './kube-client.js';

export interface BootstrapOptions {
  /** @defaultValue 50 */
  attempts?: number;
  delay?: (ms: number) => Promise<void>;
}

/**
 * Creates a CRD when the cluster lacks it, then waits until discovery serves its kind. A kind
 * discovery already serves needs no look at the CRD itself, which namespaced RBAC forbids.
 */
export async function ensureCrd(
  client: KubeClient,
  crd: KubeObject,
  options: BootstrapOptions = {},
): Promise<void> {
  const spec = crd['spec'] as {
    group: string;
    names: { kind: string };
    versions: { name: string }[];
  };
  const apiVersion = `${spec.group}/${spec.versions[0]?.name ?? 'v1'}`;
  const served = async (): Promise<boolean> => {
    client.discovery.invalidate(apiVersion);
    return (await client.discovery.resourceInfo(apiVersion, spec.names.kind)) !== undefined;
  };
  if (await served()) return;
  if ((await client.get(crd)) === undefined) {
    try {
      await client.create(crd);
    } catch (err) {
      // Another replica starting at the same moment may have created it first.
      if (!isConflict(err)) throw err;
    }
  }
  const delay = options.delay ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
  for (let i = 0; i < (options.attempts ?? 50); i++) {
    if (await served()) return;
    await delay(100);
  }
  throw new ClusterError(
    `the cluster does not serve ${spec.names.kind}.${apiVersion} after creating its CRD`,
  );
}

/**
 * Creates a namespace unless it exists. An identity that may not even read it (RBAC with
 * Roles in some namespaces only, never one for namespaces) cannot create it either: the
 * namespace is taken as there, as the Roles that grant Ferry its objects live in it, and a
 * write into one that is not fails with the server's own reason.
 */
export async function ensureNamespace(client: KubeClient, name: string): Promise<void> {
  const ns: KubeObject = { apiVersion: 'v1', kind: 'Namespace', metadata: { name } };
  let existing;
  try {
    existing = await client.get(ns);
  } catch (err) {
    if (isForbidden(err)) return;
    throw err;
  }
  if (existing !== undefined) return;
  try {
    await client.create(ns);
  } catch (err) {
    if ((await client.get(ns)) === undefined) throw err;
  }
}
