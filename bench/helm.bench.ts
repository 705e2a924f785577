import { renderHelmChart } from '../src/render/helm/index.js';
import type { SourceTree } from '../src/render/source-tree.js';
import type { Figure } from './harness.js';

const TEMPLATES = 50;
const OBJECTS_PER_TEMPLATE = 12;

/** An in-memory tree, so the benchmark measures rendering rather than I/O. */
function memoryTree(files: Record<string, string>): SourceTree {
  const paths = Object.keys(files);
  return {
    list(dir) {
      const prefix = dir === '' ? '' : `${dir}/`;
      const names = new Set(
        paths.filter((p) => p.startsWith(prefix)).map((p) => p.slice(prefix.length).split('/')[0]!),
      );
      return Promise.resolve(
        [...names].map((name) => ({
          name,
          path: `${prefix}${name}`,
          type: files[`${prefix}${name}`] === undefined ? ('dir' as const) : ('file' as const),
        })),
      );
    },
    read(path) {
      const text = files[path];
      return text === undefined
        ? Promise.reject(new Error(`no file ${path}`))
        : Promise.resolve(text);
    },
    stat(path) {
      if (files[path] !== undefined)
        return Promise.resolve({ name: path, path, type: 'file' as const });
      const isDir = paths.some((p) => p.startsWith(`${path}/`));
      return Promise.resolve(isDir ? { name: path, path, type: 'dir' as const } : undefined);
    },
  };
}

/** A chart of 50 templates, each ranging over 12 services to emit ~600 objects. */
function generatedChart(): Record<string, string> {
  const files: Record<string, string> = {
    'bench/Chart.yaml': 'apiVersion: v2\nname: bench\nversion: 1.0.0\nappVersion: "1.0"\n',
    'bench/templates/_helpers.tpl': [
      '{{- define "bench.labels" -}}',
      'app.kubernetes.io/name: {{ .Chart.Name }}',
      'app.kubernetes.io/instance: {{ .Release.Name }}',
      'helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version | trunc 63 }}',
      '{{- end -}}',
    ].join('\n'),
  };
  const services = Array.from(
    { length: OBJECTS_PER_TEMPLATE },
    (_, i) => `    - name: svc-${i}\n      port: ${8000 + i}\n`,
  ).join('');
  files['bench/values.yaml'] =
    `image:\n  repository: nginx\n  tag: "1.25"\nresources:\n  limits:\n    cpu: 100m\n    memory: 128Mi\ngroups:\n  services:\n${services}`;
  for (let t = 0; t < TEMPLATES; t++) {
    const kind = t % 2 === 0 ? 'Deployment' : 'ConfigMap';
    const body =
      kind === 'Deployment'
        ? [
            'spec:',
            '  replicas: {{ add1 $i }}',
            '  selector:',
            '    matchLabels: {{- include "bench.labels" $ | nindent 6 }}',
            '  template:',
            '    spec:',
            '      containers:',
            '        - name: {{ $s.name }}',
            '          image: "{{ $.Values.image.repository }}:{{ $.Values.image.tag }}"',
            '          ports:',
            '            - containerPort: {{ $s.port }}',
            '          resources: {{- toYaml $.Values.resources | nindent 12 }}',
          ].join('\n')
        : ['data:', '  port: {{ $s.port | quote }}', '  name: {{ $s.name | upper | quote }}'].join(
            '\n',
          );
    files[`bench/templates/t${t}.yaml`] = [
      '{{- range $i, $s := .Values.groups.services }}',
      '---',
      `apiVersion: ${kind === 'Deployment' ? 'apps/v1' : 'v1'}`,
      `kind: ${kind}`,
      'metadata:',
      `  name: {{ $.Release.Name }}-t${t}-{{ $s.name }}`,
      '  labels: {{- include "bench.labels" $ | nindent 4 }}',
      body,
      '{{- end }}',
    ].join('\n');
  }
  return files;
}

/** Warm in-process render of a generated 50-template chart producing ~600 objects. */
export async function helmBench(): Promise<Figure[]> {
  const tree = memoryTree(generatedChart());
  const render = () =>
    renderHelmChart(tree, 'bench', { releaseName: 'bench', now: () => 0, random: () => 0.5 });
  const first = await render();
  for (let i = 0; i < 3; i++) await render();
  const rounds = 10;
  const start = performance.now();
  for (let i = 0; i < rounds; i++) await render();
  const ms = (performance.now() - start) / rounds;
  return [
    { metric: 'warm render of a 50-template chart', value: ms, unit: 'ms', target: '<= 100 ms' },
    { metric: 'objects rendered', value: first.objects.length, unit: 'objects' },
  ];
}
