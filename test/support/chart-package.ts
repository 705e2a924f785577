import { writeTgz } from '../render/helm/support/tar-writer.js';

/** A chart's files by chart-relative path, e.g. `Chart.yaml`, `templates/cm.yaml`. */
export type ChartFiles = Record<string, string>;

/** Packs a chart as `helm package` lays it out: every file under `<name>/`. */
export function packChart(name: string, files: ChartFiles): Uint8Array {
  return writeTgz(Object.entries(files).map(([path, data]) => ({ name: `${name}/${path}`, data })));
}

/** A minimal application chart with one ConfigMap that names its version. */
export function configMapChart(
  name: string,
  version: string,
  extra: { dependencies?: string; templates?: ChartFiles; values?: string } = {},
): Uint8Array {
  return packChart(name, {
    'Chart.yaml': `apiVersion: v2\nname: ${name}\nversion: ${version}\n${extra.dependencies ?? ''}`,
    'values.yaml': extra.values ?? 'greeting: hello\n',
    'templates/configmap.yaml': `apiVersion: v1
kind: ConfigMap
metadata:
  name: {{ .Release.Name }}-${name}
data:
  chart: {{ .Chart.Name }}-{{ .Chart.Version }}
  greeting: {{ .Values.greeting | quote }}
`,
    ...extra.templates,
  });
}
