import { isPlainObject, type KubeObject } from '../../kube/object.js';
import { humanAge, type Column } from './table-printers.js';

const NAME_COLUMN: Column = {
  name: 'Name',
  type: 'string',
  format: 'name',
  description: 'Name must be unique within a namespace.',
  cell: (o) => o.metadata.name ?? '',
};

/** Reads a simple JSONPath such as `.status.sync.status` (dotted fields, no filters). */
function readPath(obj: unknown, path: string): unknown {
  let value: unknown = obj;
  for (const part of path
    .replace(/^\{?\.?/, '')
    .replace(/\}$/, '')
    .split('.')) {
    if (part === '') continue;
    if (!isPlainObject(value)) return undefined;
    value = value[part];
  }
  return value;
}

/**
 * The table columns of a custom resource with `additionalPrinterColumns`, as the API server
 * builds them: Name, then each declared column; `date` columns print as an age.
 */
export function crdColumns(printerColumns: readonly Record<string, unknown>[]): Column[] {
  const columns = printerColumns.map((spec): Column => {
    const type =
      spec['type'] === 'integer' ? 'integer' : spec['type'] === 'date' ? 'date' : 'string';
    const jsonPath = typeof spec['jsonPath'] === 'string' ? spec['jsonPath'] : '';
    return {
      name: typeof spec['name'] === 'string' ? spec['name'] : jsonPath,
      type,
      ...(typeof spec['format'] === 'string' ? { format: spec['format'] } : {}),
      priority: typeof spec['priority'] === 'number' ? spec['priority'] : 0,
      description: typeof spec['description'] === 'string' ? spec['description'] : '',
      cell: (obj: KubeObject, now: number) => {
        const value = readPath(obj, jsonPath);
        if (value === undefined || value === null) return '';
        if (type === 'date') return humanAge(String(value), now);
        return typeof value === 'number'
          ? value
          : typeof value === 'string'
            ? value
            : JSON.stringify(value);
      },
    };
  });
  return [NAME_COLUMN, ...columns];
}
