import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { applySet } from '../../../src/render/helm/chart/set-values.js';
import { renderHelmChart } from '../../../src/render/helm/index.js';
import { fsSourceTree, memorySourceTree } from '../../support/fs-source-tree.js';

const fixtures = fsSourceTree(path.resolve(import.meta.dirname, '../../fixtures/helm/charts'));

describe('--set parsing', () => {
  it.each([
    ['a.b=c', { a: { b: 'c' } }],
    ['a=1,b=true,c=null,d=0,e=007,f=1.5', { a: 1n, b: true, c: null, d: 0n, e: '007', f: '1.5' }],
    ['list[0]=x,list[2]=z', { list: ['x', null, 'z'] }],
    ['a={x,y,3}', { a: ['x', 'y', 3n] }],
    ['a[0].name=n,a[0].port=80', { a: [{ name: 'n', port: 80n }] }],
    ['a\\.b=c\\,d', { 'a.b': 'c,d' }],
    ['name=', { name: '' }],
  ])('%s', (text, want) => {
    expect(applySet({}, text)).toEqual(want);
  });

  it('--set-string keeps strings', () => {
    expect(applySet({}, 'a=1,b=true', true)).toEqual({ a: '1', b: 'true' });
  });

  it('rejects a key without value', () => {
    expect(() => applySet({}, 'a')).toThrow('key "a" has no value');
  });
});

const chart = (values: string, template: string, extra: Record<string, string> = {}) =>
  memorySourceTree({
    'c/Chart.yaml': 'apiVersion: v2\nname: c\nversion: 1.0.0\n',
    'c/values.yaml': values,
    'c/templates/cm.yaml': template,
    ...extra,
  });

const CM = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cm\ndata:\n';

describe('values', () => {
  it('parameters win over valuesObject, values and value files; null deletes defaults', async () => {
    const tree = chart(
      'a: default\nb: default\nc: default\nd: default\nnested:\n  keep: 1\n  drop: 2\n',
      `${CM}{{- range $k, $v := .Values }}{{ if ne $k "nested" }}\n  {{ $k }}: {{ $v | quote }}{{ end }}{{ end }}\n  nested: {{ keys .Values.nested | join "," | quote }}\n`,
      { 'c/prod.yaml': 'a: file\nb: file\nc: file\nnested:\n  drop: null\n' },
    );
    const r = await renderHelmChart(tree, 'c', {
      valueFiles: ['prod.yaml'],
      values: 'b: values\nc: values\n',
      valuesObject: { c: 'object' },
      parameters: [{ name: 'a', value: 'param,with,commas' }],
    });
    expect(r.objects[0]?.['data']).toEqual({
      a: 'param,with,commas',
      b: 'values',
      c: 'object',
      d: 'default',
      nested: 'keep',
    });
  });

  it('--set integers are int64 while values.yaml numbers are float64, as in Helm', async () => {
    const tree = chart(
      'num: 1\n',
      `${CM}  fromFile: {{ typeOf .Values.num | quote }}\n  fromSet: {{ typeOf .Values.m | quote }}\n`,
    );
    const r = await renderHelmChart(tree, 'c', { parameters: [{ name: 'm', value: '5' }] });
    expect(r.objects[0]?.['data']).toEqual({ fromFile: 'float64', fromSet: 'int' });
  });

  it('validates values against values.schema.json with Helm-like messages', async () => {
    await expect(
      renderHelmChart(fixtures, 'umbrella', {
        parameters: [
          { name: 'port', value: 'high', forceString: true },
          { name: 'global.environment', value: 'qa' },
        ],
      }),
    ).rejects.toThrow(
      "values don't meet the specifications of the schema(s) in the following chart(s):\n" +
        'umbrella:\n' +
        '- port: Invalid type. Expected: integer, given: string\n' +
        '- global.environment: global.environment must be one of the following: "production", "staging", "dev"\n',
    );
  });

  it('reports fail and required like Helm, with the template position', async () => {
    const failing = chart('', `${CM}  x: {{ required "x is required" .Values.x }}\n`);
    await expect(renderHelmChart(failing, 'c')).rejects.toThrow(
      'execution error at (c/templates/cm.yaml:6:8): x is required',
    );
    const nil = chart('', `${CM}  x: {{ .Values.a.b }}\n`);
    await expect(renderHelmChart(nil, 'c')).rejects.toThrow(
      'template: c/templates/cm.yaml:6:15: executing "c/templates/cm.yaml" at <.Values.a.b>: nil pointer evaluating interface {}.b',
    );
  });

  it('renders tpl, include with toYaml and fromYaml', async () => {
    const tree = chart(
      'greeting: "hello {{ .Release.Name }}"\nlabels:\n  b: "2"\n  a: one\n',
      [
        '{{- define "c.labels" }}{{ toYaml .Values.labels }}{{ end -}}',
        CM + '  greeting: {{ tpl .Values.greeting . }}',
        '  labels: {{ include "c.labels" . | quote }}',
        '  parsed: {{ (fromYaml (include "c.labels" .)).a }}',
        '',
      ].join('\n'),
    );
    const r = await renderHelmChart(tree, 'c', { releaseName: 'r1' });
    expect(r.objects[0]?.['data']).toEqual({
      greeting: 'hello r1',
      labels: 'a: one\nb: "2"',
      parsed: 'one',
    });
  });
});
