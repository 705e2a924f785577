import type { FieldSpec } from './field-spec.js';

/** Where each built-in kind that carries a pod spec holds it. */
const POD_SPEC_PATHS = {
  Pod: 'spec',
  PodTemplate: 'template/spec',
  ReplicationController: 'spec/template/spec',
  Deployment: 'spec/template/spec',
  ReplicaSet: 'spec/template/spec',
  DaemonSet: 'spec/template/spec',
  StatefulSet: 'spec/template/spec',
  Job: 'spec/template/spec',
  CronJob: 'spec/jobTemplate/spec/template/spec',
} as const;

export type PodSpecKind = keyof typeof POD_SPEC_PATHS;

/** A kind that carries a pod spec, alone or with the version a field spec narrows it to. */
export type PodSpecHolder = PodSpecKind | { kind: PodSpecKind; version: string };

/** Field specs for `paths` inside the pod spec of each holder, holder by holder. */
export function inPodSpecs(
  holders: readonly PodSpecHolder[],
  paths: readonly string[],
): FieldSpec[] {
  return holders.flatMap((holder) => {
    const { kind, version } = typeof holder === 'string' ? { kind: holder } : holder;
    const prefix = POD_SPEC_PATHS[kind];
    return paths.map((path) => ({
      kind,
      ...(version ? { version } : {}),
      path: `${prefix}/${path}`,
    }));
  });
}
