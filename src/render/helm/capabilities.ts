import { GoStruct } from './template/go-value.js';

/** Kubernetes version `helm template` assumes when none is given. */
export const DEFAULT_KUBE_VERSION = 'v1.31.0';

/** The built-in group/versions `helm template` reports without a cluster. */
export const DEFAULT_API_VERSIONS: readonly string[] = [
  'v1',
  'admissionregistration.k8s.io/v1',
  'apiextensions.k8s.io/v1',
  'apiregistration.k8s.io/v1',
  'apps/v1',
  'authentication.k8s.io/v1',
  'authorization.k8s.io/v1',
  'autoscaling/v1',
  'autoscaling/v2',
  'batch/v1',
  'certificates.k8s.io/v1',
  'coordination.k8s.io/v1',
  'discovery.k8s.io/v1',
  'events.k8s.io/v1',
  'flowcontrol.apiserver.k8s.io/v1',
  'networking.k8s.io/v1',
  'node.k8s.io/v1',
  'policy/v1',
  'rbac.authorization.k8s.io/v1',
  'scheduling.k8s.io/v1',
  'storage.k8s.io/v1',
];

export interface KubeVersionInfo {
  version: string;
  major: string;
  minor: string;
}

/** Parses `1.29`, `v1.29.3` or `v1.29.3-gke.1` as Helm's `--kube-version` does. */
export function parseKubeVersion(text: string): KubeVersionInfo | undefined {
  const m = /^v?(\d+)\.(\d+)(?:\.(\d+))?(.*)$/u.exec(text.trim());
  if (m === null) return undefined;
  return { version: `v${m[1]}.${m[2]}.${m[3] ?? '0'}${m[4] ?? ''}`, major: m[1]!, minor: m[2]! };
}

/** Helm's `.Capabilities`. */
export function capabilitiesObject(
  kube: KubeVersionInfo,
  apiVersions: readonly string[],
): GoStruct {
  const set = new Set([...DEFAULT_API_VERSIONS, ...apiVersions]);
  const kubeVersion = new GoStruct(
    'chartutil.KubeVersion',
    { Version: kube.version, Major: kube.major, Minor: kube.minor },
    { String: () => kube.version, GitVersion: () => kube.version },
  );
  const versionSet = new GoStruct(
    'chartutil.VersionSet',
    {},
    {
      Has: (v: unknown) => set.has(String(v)),
      String: () => `[${[...set].join(' ')}]`,
    },
  );
  return new GoStruct('*chartutil.Capabilities', {
    KubeVersion: kubeVersion,
    APIVersions: versionSet,
    HelmVersion: new GoStruct('version.BuildInfo', {
      Version: 'v3.16.0',
      GitCommit: '',
      GitTreeState: '',
      GoVersion: 'go1.22.0',
    }),
  });
}
