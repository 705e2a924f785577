import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { renderKustomize } from '../../../src/render/kustomize/render-kustomize.js';
import { memorySourceTree } from '../../support/fs-source-tree.js';
import { kubectlKustomize, type KubectlOutcome } from './kubectl-kustomize.js';

const CONFIG_MAP = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\n';

const WIDGET = [
  'apiVersion: example.com/v1',
  'kind: Widget',
  'metadata:',
  '  name: w',
  'spec:',
  '  items:',
  '  - id: a',
  '  - note: no id',
  '',
].join('\n');

const WIDGET_SCHEMA = JSON.stringify({
  definitions: {
    widget: {
      'x-kubernetes-group-version-kind': [{ group: 'example.com', version: 'v1', kind: 'Widget' }],
      properties: {
        spec: {
          properties: {
            items: {
              type: 'array',
              'x-kubernetes-patch-strategy': 'merge',
              'x-kubernetes-patch-merge-key': 'id',
            },
          },
        },
      },
    },
  },
});

const CONFIG_MAP_PATCH = [
  'patches:',
  '- patch: |-',
  '    apiVersion: v1',
  '    kind: ConfigMap',
  '    metadata: {name: settings}',
  '    data: {a: b}',
  '',
].join('\n');

/** Kustomization directories (as files under `app/`), and the error each gives. */
interface ErrorCase {
  files: Record<string, string>;
  message: string | RegExp;
  /** Whether kubectl kustomize rejects the same directory. */
  kubectlFails: boolean;
}

const CASES: Record<string, ErrorCase> = {
  'a missing configurations file': {
    files: { 'kustomization.yaml': 'resources: [cm.yaml]\nconfigurations: [fields.yaml]\n' },
    message:
      'app/kustomization.yaml: configurations file "fields.yaml" does not exist (app/fields.yaml)',
    kubectlFails: true,
  },
  'a configurations directory': {
    files: {
      'kustomization.yaml': 'resources: [cm.yaml]\nconfigurations: [fields]\n',
      'fields/images.yaml': 'images: []\n',
    },
    message:
      'app/kustomization.yaml: configurations file "fields" is a directory, not a file (app/fields)',
    kubectlFails: true,
  },
  'an inline configuration': {
    files: {
      'kustomization.yaml':
        'resources: [cm.yaml]\nconfigurations:\n- |\n  images:\n  - path: spec/image\n',
    },
    message:
      'app/kustomization.yaml: "configurations" entries are file paths; Kustomize does not read inline configurations',
    kubectlFails: true,
  },
  'bad YAML in a configurations file': {
    files: {
      'kustomization.yaml': 'resources: [cm.yaml]\nconfigurations: [fields.yaml]\n',
      'fields.yaml': 'namePrefix:\n- kind: Widget\n  path: [spec\n',
    },
    message:
      'app/fields.yaml:4: Flow sequence in block collection must be sufficiently indented and end with a ] (column 1)',
    kubectlFails: true,
  },
  'an unknown list in a configurations file': {
    files: {
      'kustomization.yaml': 'resources: [cm.yaml]\nconfigurations: [fields.yaml]\n',
      'fields.yaml': 'images: []\nnamePrefixes:\n- path: spec/name\n',
    },
    message: /^app\/fields\.yaml:2: unknown field "namePrefixes" in transformer configuration/u,
    kubectlFails: true,
  },
  'an unknown field in a field spec': {
    files: {
      'kustomization.yaml': 'resources: [cm.yaml]\nconfigurations: [fields.yaml]\n',
      'fields.yaml':
        'nameReference:\n- kind: ConfigMap\n  fieldSpecs:\n  - kind: Widget\n    paths: spec/config\n',
    },
    message:
      'app/fields.yaml:5: unknown field "paths" in "nameReference[0].fieldSpecs[0]" (known: group, version, kind, path, create)',
    kubectlFails: true,
  },
  'a create flag that is not a boolean': {
    files: {
      'kustomization.yaml': 'resources: [cm.yaml]\nconfigurations: [fields.yaml]\n',
      'fields.yaml': 'commonLabels:\n- kind: Widget\n  path: spec/selector\n  create: "yes"\n',
    },
    message: 'app/fields.yaml:4: "create" must be true or false',
    kubectlFails: true,
  },
  'a field spec that conflicts with a built-in one': {
    files: {
      'kustomization.yaml': 'resources: [cm.yaml]\nconfigurations: [fields.yaml]\n',
      'fields.yaml': 'commonLabels:\n- path: metadata/labels\n',
    },
    message:
      'app/fields.yaml: commonLabels field spec *:metadata/labels conflicts with *:metadata/labels (create), which differs only in create',
    kubectlFails: true,
  },
  'a missing openapi schema': {
    files: { 'kustomization.yaml': 'resources: [cm.yaml]\nopenapi:\n  path: schema.json\n' },
    message:
      'app/kustomization.yaml: openapi schema "schema.json" does not exist (app/schema.json)',
    kubectlFails: true,
  },
  'bad YAML in an openapi schema': {
    files: {
      'kustomization.yaml': `resources: [cm.yaml]\nopenapi:\n  path: schema.json\n${CONFIG_MAP_PATCH}`,
      'schema.json':
        '{"definitions": {\n  "a": {"type": "object"},\n  "b": {"type": "object" "x": 1}\n}}\n',
    },
    message: 'app/schema.json:3: Unexpected double-quoted-scalar token (column 26)',
    kubectlFails: true,
  },
  'an openapi definition that is not a schema': {
    files: {
      'kustomization.yaml': `resources: [cm.yaml]\nopenapi:\n  path: schema.yaml\n${CONFIG_MAP_PATCH}`,
      'schema.yaml': 'definitions:\n  ok: {type: object}\n  broken: [1, 2]\n',
    },
    message: 'app/schema.yaml:3: definition "broken" must be a schema (a map)',
    kubectlFails: true,
  },
  'an openapi version that is not built in': {
    files: { 'kustomization.yaml': 'resources: [cm.yaml]\nopenapi:\n  version: v1.30.0\n' },
    message:
      'app/kustomization.yaml: openapi.version v1.30.0 is not built in; Kustomize carries only v1.21.2',
    kubectlFails: true,
  },
  'an openapi version and schema together': {
    files: {
      'kustomization.yaml':
        'resources: [cm.yaml]\nopenapi:\n  version: v1.21.2\n  path: schema.json\n',
      'schema.json': '{"definitions": {}}',
    },
    message:
      'app/kustomization.yaml: openapi names both a built-in version and a schema file; use one',
    kubectlFails: true,
  },
  'an unknown sort order': {
    files: { 'kustomization.yaml': 'resources: [cm.yaml]\nsortOptions:\n  order: random\n' },
    message: 'app/kustomization.yaml: sortOptions.order must be one of [fifo, legacy]',
    kubectlFails: true,
  },
  'legacy sort options with the fifo order': {
    files: {
      'kustomization.yaml':
        'resources: [cm.yaml]\nsortOptions:\n  order: fifo\n  legacySortOptions:\n    orderFirst: [Service]\n',
    },
    message:
      "app/kustomization.yaml: sortOptions.legacySortOptions is set but the selected sort order is 'fifo', not 'legacy'",
    kubectlFails: true,
  },
  'a helm chart inflation generator': {
    files: {
      'kustomization.yaml': 'resources: [cm.yaml]\nhelmChartInflationGenerator:\n- chartName: x\n',
    },
    message:
      'app/kustomization.yaml: "helmChartInflationGenerator" is not supported by Ferry\'s Kustomize renderer yet',
    kubectlFails: true,
  },
  // kubectl builds the next ones, but not as Ferry could reproduce: Ferry refuses rather
  // than render something different.
  'a merge-keyed list with an item lacking the key': {
    files: {
      'kustomization.yaml': [
        'resources: [widget.yaml]',
        'openapi:',
        '  path: schema.json',
        'patches:',
        '- patch: |-',
        '    apiVersion: example.com/v1',
        '    kind: Widget',
        '    metadata: {name: w}',
        '    spec: {other: 1}',
        '',
      ].join('\n'),
      'widget.yaml': WIDGET,
      'schema.json': WIDGET_SCHEMA,
    },
    message:
      'app/kustomization.yaml: patch (inline) on Widget.v1.example.com/w.[noNs]: field spec.items: the schema merges this list on "id", but an item lacks it (Kustomize drops items of such lists unpredictably)',
    kubectlFails: false,
  },
  'a schema whose paths make a custom kind cluster-scoped': {
    files: {
      'kustomization.yaml': 'resources: [widget.yaml]\nopenapi:\n  path: schema.yaml\n',
      'widget.yaml': WIDGET,
      'schema.yaml': [
        'definitions: {}',
        'paths:',
        '  /apis/example.com/v1/widgets/{name}:',
        '    get:',
        '      x-kubernetes-group-version-kind: {group: example.com, version: v1, kind: Widget}',
        '',
      ].join('\n'),
    },
    message:
      "app/schema.yaml: the schema's paths make example.com/v1/Widget cluster-scoped; Ferry's Kustomize renderer takes scope from built-in kinds only and would treat it as namespaced",
    kubectlFails: false,
  },
  'build metadata': {
    files: { 'kustomization.yaml': 'resources: [cm.yaml]\nbuildMetadata: [originAnnotations]\n' },
    message:
      'app/kustomization.yaml: "buildMetadata" (originAnnotations) is not supported by Ferry\'s Kustomize renderer yet',
    kubectlFails: false,
  },
};

const appFiles = (files: Record<string, string>): Record<string, string> =>
  Object.fromEntries(
    Object.entries({ 'cm.yaml': CONFIG_MAP, ...files }).map(([name, text]) => [
      `app/${name}`,
      text,
    ]),
  );

const scratch: string[] = [];
afterAll(() => Promise.all(scratch.map((dir) => rm(dir, { recursive: true, force: true }))));

/** Writes the files to a scratch directory and runs kubectl kustomize on it. */
async function kubectlOn(files: Record<string, string>): Promise<KubectlOutcome> {
  const root = await mkdtemp(path.join(tmpdir(), 'ferry-kustomize-'));
  scratch.push(root);
  for (const [name, text] of Object.entries(appFiles(files))) {
    await mkdir(path.dirname(path.join(root, name)), { recursive: true });
    await writeFile(path.join(root, name), text);
  }
  return kubectlKustomize(path.join(root, 'app'));
}

describe('configurations, openapi and sortOptions errors name the file and what is wrong', () => {
  it.each(Object.entries(CASES))('%s', async (_name, { files, message, kubectlFails }) => {
    const render = renderKustomize(memorySourceTree(appFiles(files)), 'app');
    await expect(render).rejects.toMatchObject({ code: 'RENDER_FAILED' });
    await expect(render).rejects.toThrow(message);
    const kubectlError = (await kubectlOn(files)).error;
    if (kubectlFails) expect(kubectlError).toBeDefined();
    else expect(kubectlError).toBeUndefined();
  });
});

describe('what Kustomize ignores is rendered as kubectl renders it, with a warning', () => {
  it.each([
    [
      'later documents of a configurations file',
      {
        'kustomization.yaml':
          'resources: [cm.yaml]\nnamePrefix: p-\nconfigurations: [fields.yaml]\n',
        'fields.yaml':
          'namePrefix:\n- kind: ConfigMap\n  path: data/ref\n---\nnamePrefix:\n- kind: ConfigMap\n  path: data/other\n',
        'cm.yaml': `${CONFIG_MAP}data:\n  ref: r\n  other: o\n`,
      },
      {
        file: 'app/fields.yaml',
        message:
          'only the first YAML document of a configurations file is read; 1 more ignored, as Kustomize does',
      },
    ],
    [
      'unknown openapi keys',
      { 'kustomization.yaml': 'resources: [cm.yaml]\nopenapi:\n  schema: x.json\n' },
      {
        file: 'app/kustomization.yaml',
        message: 'openapi.schema is ignored, as Kustomize ignores it',
      },
    ],
  ])('%s', async (_name, files, warning) => {
    const result = await renderKustomize(memorySourceTree(appFiles(files)), 'app');
    expect(result.warnings).toEqual([warning]);
    const reference = await kubectlOn(files);
    expect(reference.error).toBeUndefined();
    expect(result.objects).toEqual(reference.objects);
  });
});
