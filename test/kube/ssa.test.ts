import { describe, expect, it } from 'vitest';
import { builtinKindSchema, resolveBuiltin } from '../../src/kube/openapi/builtin-schemas.js';
import { FieldSet, formatPath } from '../../src/kube/ssa/field-set.js';
import {
  applyConfiguration,
  ApplyConflictError,
  updateManagedFields,
  type ManagedFieldsEntry,
} from '../../src/kube/ssa/managed-fields.js';
import { mergeValues } from '../../src/kube/ssa/merge-values.js';
import { compareValues, fieldSetOf, type Typed } from '../../src/kube/ssa/typed-value.js';

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

describe('managedFields of a non-apply write', () => {
  const typed: Typed = { schema: undefined, resolve: resolveBuiltin };
  const entry = (manager: string, fieldsV1: Record<string, unknown>): ManagedFieldsEntry => ({
    manager,
    operation: 'Update',
    apiVersion: 'v1',
    time: '2025-01-01T00:00:00Z',
    fieldsType: 'FieldsV1',
    fieldsV1,
    subresource: 'status',
  });
  const stored = Object.freeze([
    entry('ctl', { 'f:status': { '.': {}, 'f:at': {}, 'f:phase': {} } }),
    entry('other', { 'f:status': { 'f:note': {} } }),
  ]);
  const object = (status: Record<string, unknown>) => ({
    apiVersion: 'v1',
    kind: 'Thing',
    metadata: { name: 'x', managedFields: stored as unknown[] },
    status,
  });
  const write = (manager: string, after: Record<string, unknown>) =>
    updateManagedFields({
      before: object({ at: '1', phase: 'A', note: 'n' }),
      after: object(after),
      writer: { manager, apiVersion: 'v1', time: '2025-06-01T00:00:00Z', subresource: 'status' },
      typed,
      scope: 'status',
    });

  it('keeps the stored entries, times included, when the writer changes only fields it owns', () => {
    expect(write('ctl', { at: '2', phase: 'A', note: 'n' })).toBe(stored);
  });

  it('moves a field another manager owns to the writer, stamping the writer', () => {
    const entries = write('ctl', { at: '2', phase: 'A', note: 'changed' });
    expect(entries.map((e) => [e.manager, e.time, e.fieldsV1])).toEqual([
      [
        'ctl',
        '2025-06-01T00:00:00Z',
        { 'f:status': { '.': {}, 'f:at': {}, 'f:note': {}, 'f:phase': {} } },
      ],
    ]);
  });

  it('gives a new writer the fields it changed, and drops removed fields from their owner', () => {
    const entries = write('new', { at: '2', note: 'n' });
    expect(entries.map((e) => [e.manager, e.fieldsV1])).toEqual([
      ['ctl', { 'f:status': {} }],
      ['other', { 'f:status': { 'f:note': {} } }],
      ['new', { 'f:status': { 'f:at': {} } }],
    ]);
  });
});

describe('compareValues', () => {
  it('finds the same changes when the new value shares the parts it left alone', () => {
    const before = {
      spec: {
        replicas: 1,
        template: pod([
          { name: 'a', image: 'a:1', env: [{ name: 'X', value: '1' }] },
          { name: 'b', image: 'b:1' },
        ]).spec.template,
      },
    };
    const containers = before.spec.template.spec.containers;
    // Only the second container and replicas are new objects; the first is shared.
    const after = {
      spec: {
        replicas: 2,
        template: { spec: { containers: [containers[0], { name: 'b', image: 'b:2' }] } },
      },
    };
    const shared = compareValues(before, after, deployment);
    const copied = compareValues(before, JSON.parse(JSON.stringify(after)), deployment);
    for (const kind of ['added', 'modified', 'removed'] as const)
      expect(shared[kind].paths().map(formatPath)).toEqual(copied[kind].paths().map(formatPath));
    expect(shared.modified.paths().map(formatPath)).toEqual([
      '.spec.replicas',
      '.spec.template.spec.containers[name="b"].image',
    ]);
  });
});
