import type { KubeObject } from '../../kube/object.js';
import { apiVersionOf, type ServedType } from '../catalog/served-type.js';
import { view } from '../registry/object-registry.js';
import { storedJson } from '../store/stored-json.js';

/** The JSON text of a stored object as served through `type`. */
export function servedJson(type: ServedType, obj: Readonly<KubeObject>): string {
  return obj.apiVersion === apiVersionOf(type) && obj.kind === type.kind
    ? storedJson(obj)
    : JSON.stringify(view(type, obj));
}
