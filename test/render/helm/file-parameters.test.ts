import { describe, expect, it } from 'vitest';
import { setValueAt } from '../../../src/render/helm/chart/set-values.js';
import { renderSource } from '../../../src/render/render-source.js';
import { memorySourceTree } from '../../support/fs-source-tree.js';

const tree = memorySourceTree({
  'app/Chart.yaml': 'apiVersion: v2\nname: app\nversion: 1.0.0\n',
  'app/values.yaml': 'config: {}\nlist: [a, b]\n',
  'app/templates/cm.yaml': `apiVersion: v1
kind: ConfigMap
metadata:
  name: cm
data:
  nginx.conf: {{ .Values.config.nginx | quote }}
  second: {{ index .Values.list 1 | quote }}
  number: {{ .Values.number | quote }}
`,
  'app/files/nginx.conf': 'server {\n  listen 80, 81;\n}\n',
  'app/files/number.txt': '42',
  'shared/second.txt': 'from=elsewhere',
});

describe('source.helm.fileParameters', () => {
  it('sets each value to the text of a file of the source, like --set-file', async () => {
    const r = await renderSource(tree, {
      repoURL: 'x',
      path: 'app',
      helm: {
        parameters: [{ name: 'config.nginx', value: 'overridden' }],
        fileParameters: [
          { name: 'config.nginx', path: 'files/nginx.conf' },
          { name: 'list[1]', path: '../shared/second.txt' },
          { name: 'number', path: 'files/number.txt' },
        ],
      },
    });
    expect(r.objects[0]!['data']).toEqual({
      'nginx.conf': 'server {\n  listen 80, 81;\n}\n',
      second: 'from=elsewhere',
      // The text stays a string, never typed as --set would.
      number: '42',
    });
  });

  it('names the missing file', async () => {
    const err = await renderSource(tree, {
      repoURL: 'x',
      path: 'app',
      helm: { fileParameters: [{ name: 'x', path: 'files/missing.txt' }] },
    }).catch((e: unknown) => e);
    expect(err).toMatchObject({
      code: 'RENDER_FAILED',
      message: 'file parameter x: file files/missing.txt does not exist',
    });
  });

  it('setValueAt takes the value as it is', () => {
    expect(setValueAt({ a: { keep: 1 } }, 'a.b[1]', 'x,y={z}')).toEqual({
      a: { keep: 1, b: [null, 'x,y={z}'] },
    });
  });
});
