import { groupKind, keyOf } from '../../kube/resource-key.js';
import type { KubeObject } from '../../kube/object.js';
import { fill, mapAt, type JsonMap } from './fill.js';
import { podDefaults } from './pod-spec.js';
import { persistentVolumeClaimDefaults, serviceDefaults } from './service.js';
import {
  cronJobDefaults,
  daemonSetDefaults,
  deploymentDefaults,
  jobDefaults,
  replicaSetDefaults,
  statefulSetDefaults,
} from './workloads.js';

/** Fills in the API server's defaults in one kind's `spec`, given the live spec. */
export type SpecDefaults = (spec: JsonMap, live: JsonMap | undefined) => void;

/** API defaults by `group/Kind`, applied to `spec`. */
export const KNOWN_DEFAULTS: Readonly<Record<string, SpecDefaults>> = {
  'apps/Deployment': deploymentDefaults,
  'apps/StatefulSet': statefulSetDefaults,
  'apps/DaemonSet': daemonSetDefaults,
  'apps/ReplicaSet': replicaSetDefaults,
  'batch/Job': jobDefaults,
  'batch/CronJob': cronJobDefaults,
  '/Pod': podDefaults,
  '/ReplicationController': replicaSetDefaults,
  '/Service': serviceDefaults,
  '/PersistentVolumeClaim': persistentVolumeClaimDefaults,
};

/**
 * Fills in, on a normalized copy of a desired object, the defaults the API server would
 * give the fields it leaves out, wherever live holds exactly that default. Mutates `desired`.
 */
export function applyKnownDefaults(desired: KubeObject, live: KubeObject): void {
  const gk = groupKind(keyOf(desired));
  if (gk === '/Secret') fill(desired, live, 'type', 'Opaque');
  if (gk === '/Namespace') {
    const spec = mapAt(desired, 'spec') ?? {};
    fill(spec, mapAt(live, 'spec'), 'finalizers', ['kubernetes']);
    if (Object.keys(spec).length > 0) desired['spec'] = spec;
  }
  const defaults = KNOWN_DEFAULTS[gk];
  if (defaults === undefined) return;
  const spec = mapAt(desired, 'spec');
  if (spec !== undefined) defaults(spec, mapAt(live, 'spec'));
}
