import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rawRequest, startTestCluster, type TestCluster } from './support/harness.js';

const deployment = (spec: string): string =>
  `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n${spec}`;
const GOOD_SPEC = `  replicas: 1
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      containers: [{name: web, image: nginx}]
`;

describe('validation and OpenAPI', () => {
  let cluster: TestCluster;
  beforeAll(async () => {
    cluster = await startTestCluster();
  });
  afterAll(async () => {
    await cluster.dispose();
  });

  it('rejects unknown fields under Strict and warns under Warn', async () => {
    const manifest = deployment(`${GOOD_SPEC}  replica: 3\n`);
    const strict = await cluster.kubectl(['create', '-f', '-'], manifest);
    expect(strict.code).toBe(1);
    expect(strict.stderr).toContain(
      'Error from server (BadRequest): error when creating "STDIN": Deployment in version "v1" cannot be handled as a Deployment: strict decoding error: unknown field "spec.replica"',
    );
    const warn = await cluster.kubectl(['create', '--validate=warn', '-f', '-'], manifest);
    expect(warn.code, warn.stderr).toBe(0);
    expect(warn.stderr).toContain('Warning: unknown field "spec.replica"');
    const stored = await cluster.kubectl(['get', 'deployment', 'web', '-o', 'jsonpath={.spec}']);
    expect(stored.stdout).not.toContain('replica"');
  });

  it('answers wrong types with the decoder error and invalid workloads with 422 causes', async () => {
    const wrongType = await rawRequest(cluster, '/apis/apps/v1/namespaces/default/deployments', {
      method: 'POST',
      body: {
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        metadata: { name: 'x' },
        spec: { replicas: 'two' },
      },
    });
    expect(wrongType.status).toBe(400);
    expect((wrongType.json as { message: string }).message).toBe(
      'Deployment in version "v1" cannot be handled as a Deployment: json: cannot unmarshal string into Go struct field DeploymentSpec.spec.replicas of type int32',
    );
    const bad = await cluster.kubectl(
      ['create', '-f', '-'],
      deployment(
        '  template:\n    metadata: {labels: {app: web}}\n    spec:\n      containers: [{name: web}]\n',
      ).replace('name: web\nspec', 'name: bad\nspec'),
    );
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain(
      'The Deployment "bad" is invalid: \n* spec.selector: Required value',
    );
    expect(bad.stderr).toContain(
      '* spec.template.metadata.labels: Invalid value: map[string]string{"app":"web"}: `selector` does not match template `labels`',
    );
    expect(bad.stderr).toContain('* spec.template.spec.containers[0].image: Required value');
    const status = await rawRequest(cluster, '/api/v1/namespaces/default/pods', {
      method: 'POST',
      body: {
        apiVersion: 'v1',
        kind: 'Pod',
        metadata: { name: 'p', labels: { a: '-bad-' } },
        spec: { containers: [] },
      },
    });
    expect(status.status).toBe(422);
    const causes = (status.json as { details: { causes: { field: string }[] } }).details.causes;
    expect(causes.map((c) => c.field)).toEqual(['metadata.labels', 'spec.containers']);
  });

  it('validates custom resources against their schema', async () => {
    const crd = `apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata: {name: widgets.example.com}
spec:
  group: example.com
  scope: Namespaced
  names: {plural: widgets, singular: widget, kind: Widget}
  versions:
  - name: v1
    served: true
    storage: true
    schema:
      openAPIV3Schema:
        type: object
        properties:
          spec:
            type: object
            required: [size]
            properties:
              size: {type: integer, description: How big the widget is.}
`;
    expect((await cluster.kubectl(['apply', '-f', '-'], crd)).code).toBe(0);
    const widget = (spec: string): string =>
      `apiVersion: example.com/v1\nkind: Widget\nmetadata: {name: w}\nspec: ${spec}\n`;
    let wrong = await cluster.kubectl(['apply', '-f', '-'], widget('{size: big}'));
    for (let i = 0; i < 20 && wrong.stderr.includes("doesn't have a resource type"); i++)
      wrong = await cluster.kubectl(['apply', '-f', '-'], widget('{size: big}'));
    expect(wrong.code).toBe(1);
    expect(wrong.stderr).toContain(
      'spec.size: Invalid value: "string": spec.size in body must be of type integer: "string"',
    );
    const missing = await cluster.kubectl(['apply', '-f', '-'], widget('{}'));
    expect(missing.stderr).toContain('spec.size: Required value');
    expect((await cluster.kubectl(['apply', '-f', '-'], widget('{size: 3}'))).code).toBe(0);
    const explain = await cluster.kubectl(['explain', 'widgets.spec.size']);
    expect(explain.code, explain.stderr).toBe(0);
    expect(explain.stdout).toContain('How big the widget is.');
  });

  it('serves OpenAPI for kubectl explain and as swagger 2.0 JSON', async () => {
    const explain = await cluster.kubectl(['explain', 'deployment.spec.strategy']);
    expect(explain.code, explain.stderr).toBe(0);
    expect(explain.stdout).toContain('FIELD: strategy <DeploymentStrategy>');
    expect(explain.stdout).toMatch(/rollingUpdate\s+<Object>/);
    const v3 = await rawRequest(cluster, '/openapi/v3/api/v1');
    const schemas = (
      v3.json as { components: { schemas: Record<string, Record<string, unknown>> } }
    ).components.schemas;
    expect(schemas['io.k8s.api.core.v1.PodSpec']!['properties']).toMatchObject({
      containers: {
        'x-kubernetes-patch-merge-key': 'name',
        'x-kubernetes-list-map-keys': ['name'],
      },
    });
    const v2 = await rawRequest(cluster, '/openapi/v2');
    expect(v2.status).toBe(200);
    const definitions = (v2.json as { definitions: Record<string, unknown> }).definitions;
    expect(JSON.stringify(definitions['io.k8s.api.apps.v1.DeploymentSpec'])).toContain(
      '#/definitions/io.k8s.api.core.v1.PodTemplateSpec',
    );
    const resources = await cluster.kubectl(['api-resources', '--api-group=apps']);
    expect(resources.stdout).toMatch(/deployments\s+deploy\s+apps\/v1\s+true\s+Deployment/);
  });
});
