import { describe, expect, it } from 'vitest';
import { ApiError } from '../../src/controlplane/api-error.js';
import { decodeProtobufBody } from '../../src/controlplane/api/protobuf/protobuf-body.js';

/** A minimal protobuf writer for building test bodies. */
function varint(n: bigint | number): number[] {
  let v = BigInt.asUintN(64, BigInt(n));
  const out: number[] = [];
  do {
    let byte = Number(v & 0x7fn);
    v >>= 7n;
    if (v > 0n) byte |= 0x80;
    out.push(byte);
  } while (v > 0n);
  return out;
}
const num = (field: number, value: number | bigint): number[] => [
  ...varint(field << 3),
  ...varint(value),
];
function bytes(field: number, value: number[] | string): number[] {
  const data = typeof value === 'string' ? [...Buffer.from(value)] : value;
  return [...varint((field << 3) | 2), ...varint(data.length), ...data];
}
const entry = (field: number, key: string, value: number[] | string): number[] =>
  bytes(field, [...bytes(1, key), ...bytes(2, value)]);

function envelope(apiVersion: string, kind: string, raw: number[]): Buffer {
  return Buffer.from([
    0x6b,
    0x38,
    0x73,
    0x00,
    ...bytes(1, [...bytes(1, apiVersion), ...bytes(2, kind)]),
    ...bytes(2, raw),
  ]);
}

const meta = (name: string, extra: number[] = []): number[] =>
  bytes(1, [...bytes(1, name), ...bytes(2, ''), ...num(7, 0), ...bytes(8, []), ...extra]);

describe('Kubernetes protobuf request bodies', () => {
  it('drops zero values of plain fields and keeps those of pointer fields', () => {
    const spec = [
      ...num(1, 0), // replicas (pointer): kept
      ...num(5, 0), // minReadySeconds: dropped
      ...num(7, 0), // paused: dropped
      ...bytes(4, [
        ...bytes(1, ''),
        ...bytes(2, [...bytes(1, [...num(1, 1), ...bytes(3, '50%')]), ...bytes(2, num(2, 2))]),
      ]),
    ];
    const obj = decodeProtobufBody(
      envelope('apps/v1', 'Deployment', [
        ...meta('web', entry(11, 'app', 'web')),
        ...bytes(2, spec),
        ...bytes(3, []),
      ]),
    );
    expect(obj).toEqual({
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'web', labels: { app: 'web' } },
      spec: { replicas: 0, strategy: { rollingUpdate: { maxUnavailable: '50%', maxSurge: 2 } } },
      status: {},
    });
  });

  it('decodes bytes maps as base64, times as RFC 3339 and negative integers', () => {
    const secret = decodeProtobufBody(
      envelope('v1', 'Secret', [
        ...meta('s', bytes(8, [...num(1, 1_700_000_000)])),
        ...entry(2, 'key', [0, 255]),
        ...bytes(3, 'Opaque'),
      ]),
    );
    expect(secret).toEqual({
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name: 's', creationTimestamp: '2023-11-14T22:13:20Z' },
      data: { key: Buffer.from([0, 255]).toString('base64') },
      type: 'Opaque',
    });
    const pod = decodeProtobufBody(
      envelope('v1', 'Pod', [
        ...meta('p'),
        ...bytes(2, [
          ...num(25, -5),
          ...bytes(2, [...bytes(1, 'c'), ...bytes(3, 'a'), ...bytes(3, 'b')]),
        ]),
      ]),
    );
    expect(pod['spec']).toEqual({ priority: -5, containers: [{ name: 'c', command: ['a', 'b'] }] });
  });

  it('skips fields it does not know and rejects kinds and bytes it cannot read', () => {
    const cm = decodeProtobufBody(
      envelope('v1', 'ConfigMap', [...meta('cm'), ...num(99, 7), ...entry(2, 'a', 'b')]),
    );
    expect(cm).toEqual({
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'cm' },
      data: { a: 'b' },
    });
    const code = (fn: () => unknown): number => {
      try {
        fn();
      } catch (err) {
        if (err instanceof ApiError) return err.httpCode;
        throw err;
      }
      return 0;
    };
    expect(code(() => decodeProtobufBody(envelope('example.com/v1', 'Widget', meta('w'))))).toBe(
      415,
    );
    expect(code(() => decodeProtobufBody(Buffer.from('{"kind":"ConfigMap"}')))).toBe(400);
    expect(code(() => decodeProtobufBody(envelope('v1', 'ConfigMap', [0x0a, 0x05, 0x01])))).toBe(
      400,
    );
  });
});
