import type { KubeObject } from '../../kube/object.js';
import { updateManagedFields } from '../../kube/ssa/managed-fields.js';
import { StructureError } from '../../kube/ssa/typed-value.js';
import { apiVersionOf, type ServedType } from '../catalog/served-type.js';
import { fieldsScope, typedOf } from './typed-schema.js';

/** Who a create, update or patch is written by, for managedFields. */
export interface FieldWrite {
  manager: string;
  subresource?: 'status' | 'scale' | undefined;
  time: string;
}

/**
 * Sets `after.metadata.managedFields` for a non-apply write: the writer owns what it added
 * or changed. Objects whose lists do not fit their schema keep the entries they had, as a
 * real server keeps serving them.
 */
export function trackWrite(
  type: ServedType,
  before: Readonly<KubeObject> | undefined,
  after: KubeObject,
  write: FieldWrite,
): void {
  try {
    const entries = updateManagedFields({
      before: before as KubeObject | undefined,
      after,
      writer: {
        manager: write.manager,
        apiVersion: apiVersionOf(type),
        time: write.time,
        ...(write.subresource === undefined ? {} : { subresource: write.subresource }),
      },
      typed: typedOf(type),
      scope: fieldsScope(type, write.subresource === 'status' ? 'status' : undefined),
    });
    if (entries.length === 0) delete after.metadata.managedFields;
    else after.metadata.managedFields = entries;
  } catch (err) {
    if (!(err instanceof StructureError)) throw err;
    if (before?.metadata.managedFields === undefined) delete after.metadata.managedFields;
    else after.metadata.managedFields = before.metadata.managedFields;
  }
}

/** The manager a request writes as: `fieldManager`, else the user agent's product name. */
export function managerOf(fieldManager: string | null, userAgent: string | undefined): string {
  if (fieldManager !== null && fieldManager !== '') return fieldManager;
  const product = (userAgent ?? '').split('/')[0]!.trim();
  return product === '' ? 'unknown' : product;
}
