import { describe, expect, it } from 'vitest';
import { builtinKindSchema, resolveBuiltin } from '../../src/kube/openapi/builtin-schemas.js';
import { FieldSet, formatPath } from '../../src/kube/ssa/field-set.js';
import { applyConfiguration, ApplyConflictError } from '../../src/kube/ssa/managed-fields.js';
import { mergeValues } from '../../src/kube/ssa/merge-values.js';
import { fieldSetOf, type Typed } from '../../src/kube/ssa/typed-value.js';

const deployment: Typed = {
  schema: builtinKindSchema({ group: 'apps', version: 'v1', kind: 'Deployment' }),
  resolve: resolveBuiltin,
};
const writer = (manager: string) => ({
  manager,
  apiVersion: 'apps/v1',
  time: '2025-01-01T00:00:00Z',
});
const pod = (containers: unknown[]) => ({ spec: { template: { spec: { containers } } } });

/** Walks into parsed JSON. */
function at(value: unknown, ...keys: string[]): unknown {
  return keys.reduce<unknown>((o, k) => (o as Record<string, unknown> | undefined)?.[k], value);
}

describe('server-side apply field sets', () => {
  it('round-trips FieldsV1 and prints paths as the API server does', () => {
    const encoded = {
      'f:metadata': { 'f:labels': { '.': {}, 'f:app': {} } },
      'f:spec': { 'f:ports': { 'k:{"port":80,"protocol":"TCP"}': { '.': {}, 'f:port': {} } } },
    };
    const set = FieldSet.fromFieldsV1(encoded);
    expect(set.toFieldsV1()).toEqual(encoded);
    expect(set.paths().map(formatPath)).toEqual([
      '.metadata.labels',
      '.metadata.labels.app',
      '.spec.ports[port=80,protocol="TCP"]',
      '.spec.ports[port=80,protocol="TCP"].port',
    ]);
    expect(formatPath(['f:metadata', 'f:finalizers', 'v:"a"'])).toBe('.metadata.finalizers[="a"]');
  });

  it('keys containers by name, ports by containerPort and defaulted protocol, finalizers as a set', () => {
    const set = fieldSetOf(
      {
        metadata: { finalizers: ['x'] },
        ...pod([{ name: 'web', image: 'a', ports: [{ containerPort: 80 }], args: ['-v'] }]),
      },
      deployment,
    );
    const fields = set.toFieldsV1();
    expect(at(fields, 'f:metadata', 'f:finalizers')).toEqual({ 'v:"x"': {} });
    const web = at(fields, 'f:spec', 'f:template', 'f:spec', 'f:containers', 'k:{"name":"web"}');
    expect(Object.keys(web as object)).toEqual(['.', 'f:args', 'f:image', 'f:name', 'f:ports']);
    expect(at(web, 'f:ports')).toHaveProperty(['k:{"containerPort":80,"protocol":"TCP"}']);
  });

  it('merges keyed lists item by item and keeps live items in place', () => {
    const merged = mergeValues(
      pod([
        { name: 'a', image: '1' },
        { name: 'b', image: '1' },
      ]),
      pod([
        { name: 'b', image: '2' },
        { name: 'c', image: '3' },
      ]),
      deployment,
    );
    expect(at(merged, 'spec', 'template', 'spec', 'containers')).toEqual([
      { name: 'a', image: '1' },
      { name: 'b', image: '2' },
      { name: 'c', image: '3' },
    ]);
  });

  it('conflicts only on changed fields another manager owns, and shares equal values', () => {
    const base = { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'd' } };
    const first = applyConfiguration({
      live: base,
      config: { ...base, spec: { replicas: 1, paused: false } },
      writer: writer('a'),
      force: false,
      typed: deployment,
      scope: 'main',
    });
    const shared = applyConfiguration({
      live: first,
      config: { ...base, spec: { replicas: 1 } },
      writer: writer('b'),
      force: false,
      typed: deployment,
      scope: 'main',
    });
    expect(shared.metadata.managedFields).toHaveLength(2);
    let conflict: unknown;
    try {
      applyConfiguration({
        live: shared,
        config: { ...base, spec: { replicas: 2 } },
        writer: writer('b'),
        force: false,
        typed: deployment,
        scope: 'main',
      });
    } catch (err) {
      conflict = err;
    }
    expect(conflict).toBeInstanceOf(ApplyConflictError);
    expect((conflict as ApplyConflictError).conflicts.map((c) => formatPath(c.path))).toEqual([
      '.spec.replicas',
    ]);
  });
});
