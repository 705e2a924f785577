import type { KubeObject } from '../../kube/object.js';
import type { HealthStatus } from '../types.js';
import { findCondition, type Condition } from './fields.js';

interface ContainerStatus {
  name: string;
  ready?: boolean;
  state?: {
    waiting?: { reason?: string; message?: string };
    terminated?: { exitCode?: number; reason?: string; message?: string };
  };
  lastState?: { terminated?: { exitCode?: number; reason?: string } };
}

interface PodView {
  spec?: { restartPolicy?: string };
  status?: {
    phase?: string;
    message?: string;
    reason?: string;
    conditions?: Condition[];
    containerStatuses?: ContainerStatus[];
    initContainerStatuses?: ContainerStatus[];
  };
}

/** Waiting reasons Argo CD treats as failures: `Err*`, `*Error`, `*BackOff` (CrashLoopBackOff, ImagePullBackOff...). */
function isFailedWaiting(reason: string | undefined): reason is string {
  return (
    reason !== undefined &&
    (reason.startsWith('Err') ||
      reason.endsWith('Error') ||
      reason.endsWith('BackOff') ||
      reason === 'InvalidImageName')
  );
}

function failureMessage(statuses: ContainerStatus[]): string | undefined {
  for (const cs of statuses) {
    const t = cs.state?.terminated;
    if (t !== undefined && (t.exitCode ?? 0) !== 0) {
      return (
        t.message ??
        `container "${cs.name}" terminated with ${t.reason ?? 'error'} (exit code ${t.exitCode ?? 0})`
      );
    }
  }
  return undefined;
}

/**
 * Argo CD's Pod health. Waiting errors degrade only pods that restart forever (restartPolicy
 * Always), so that a hook pod is not failed while its image is still being pulled.
 */
export function podHealth(obj: KubeObject): HealthStatus {
  const pod = obj as KubeObject & PodView;
  const status = pod.status ?? {};
  const restartPolicy = pod.spec?.restartPolicy ?? 'Always';
  const containers = [...(status.initContainerStatuses ?? []), ...(status.containerStatuses ?? [])];
  if (restartPolicy === 'Always') {
    const messages = containers
      .filter((cs) => isFailedWaiting(cs.state?.waiting?.reason))
      .map((cs) => cs.state?.waiting?.message ?? cs.state?.waiting?.reason ?? '');
    if (messages.length > 0) return { status: 'Degraded', message: messages.join(', ') };
  }
  switch (status.phase) {
    case 'Pending':
      return { status: 'Progressing', message: status.message };
    case 'Succeeded':
      return { status: 'Healthy', message: status.message };
    case 'Failed':
      return {
        status: 'Degraded',
        message: status.message ?? failureMessage(containers) ?? status.reason ?? 'Pod failed',
      };
    case 'Running': {
      if (restartPolicy !== 'Always') return { status: 'Progressing', message: status.message };
      if (findCondition(status.conditions, 'Ready')?.status === 'True') {
        return { status: 'Healthy', message: status.message };
      }
      const crashed = containers.find((cs) => cs.lastState?.terminated !== undefined);
      if (crashed !== undefined) {
        return {
          status: 'Degraded',
          message: status.message ?? `container "${crashed.name}" is restarting`,
        };
      }
      return { status: 'Progressing', message: status.message };
    }
    default:
      return { status: 'Unknown', message: status.message };
  }
}
