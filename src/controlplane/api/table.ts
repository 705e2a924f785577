import type { IncomingMessage } from 'node:http';
import type { KubeObject } from '../../kube/object.js';
import type { ServedType } from '../catalog/served-type.js';
import { crdColumns } from './crd-columns.js';
import { columnsFor } from './table-printers.js';

/** Whether the client asked for a server-side `meta.k8s.io Table` (as `kubectl get` does). */
export function wantsTable(req: IncomingMessage): boolean {
  return (req.headers.accept ?? '')
    .split(',')
    .some((part) => part.includes('as=Table') && part.includes('g=meta.k8s.io'));
}

function tableVersion(req: IncomingMessage): string {
  const part = (req.headers.accept ?? '').split(',').find((p) => p.includes('as=Table'));
  return part?.includes('v=v1beta1') && !part.includes('v=v1;')
    ? 'meta.k8s.io/v1beta1'
    : 'meta.k8s.io/v1';
}

/** Rows for `objects` with `includeObject` honoured (None, Metadata by default, Object). */
export function toTable(
  req: IncomingMessage,
  query: URLSearchParams,
  type: ServedType,
  objects: KubeObject[],
  listMeta: Record<string, unknown>,
  now: number,
): unknown {
  const columns =
    type.printerColumns !== undefined && type.printerColumns.length > 0
      ? crdColumns(type.printerColumns)
      : columnsFor(type.group, type.kind);
  const include = query.get('includeObject') ?? 'Metadata';
  const rows = objects.map((obj) => ({
    cells: columns.map((c) => c.cell(obj, now)),
    ...(include === 'None'
      ? {}
      : {
          object:
            include === 'Object'
              ? obj
              : {
                  kind: 'PartialObjectMetadata',
                  apiVersion: 'meta.k8s.io/v1',
                  metadata: obj.metadata,
                },
        }),
  }));
  return {
    kind: 'Table',
    apiVersion: tableVersion(req),
    metadata: listMeta,
    columnDefinitions: columns.map(({ name, type: t, format, description, priority }) => ({
      name,
      type: t,
      format: format ?? '',
      description,
      priority: priority ?? 0,
    })),
    rows,
  };
}
