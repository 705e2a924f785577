import { cloneJson, isPlainObject, type KubeObject } from '../kube/object.js';
import { groupKind, keyOf } from '../kube/resource-key.js';
import { Annotation } from '../model/annotations.js';

/** Metadata the API server sets and that a manifest never owns. */
const SERVER_METADATA: ReadonlySet<string> = new Set([
  'managedFields',
  'resourceVersion',
  'uid',
  'generation',
  'creationTimestamp',
  'selfLink',
  'deletionTimestamp',
  'deletionGracePeriodSeconds',
]);

/** Annotations written by the server or by kubectl rather than by a manifest's author. */
const SERVER_ANNOTATIONS = [Annotation.lastApplied, 'deployment.kubernetes.io/revision'] as const;

/**
 * A copy of `obj` without status and server-set metadata, ready to compare. A Secret's
 * write-only `stringData` is folded into `data` as base64, as the API server stores it.
 */
export function normalize(obj: KubeObject): KubeObject {
  const copy: KubeObject = { apiVersion: obj.apiVersion, kind: obj.kind, metadata: {} };
  for (const key in obj) {
    if (key === 'status' || key === 'metadata' || key === 'apiVersion' || key === 'kind') continue;
    copy[key] = cloneJson(obj[key]);
  }
  const metadata = copy.metadata;
  for (const key in obj.metadata) {
    if (!SERVER_METADATA.has(key)) metadata[key] = cloneJson(obj.metadata[key]);
  }
  const annotations = metadata.annotations;
  if (annotations !== undefined) {
    for (const key of SERVER_ANNOTATIONS) delete annotations[key];
    if (Object.keys(annotations).length === 0) delete metadata.annotations;
  }
  if (metadata.labels !== undefined && Object.keys(metadata.labels).length === 0) {
    delete metadata.labels;
  }
  if (obj.kind === 'Secret' && groupKind(keyOf(obj)) === '/Secret') foldStringData(copy);
  return copy;
}

function foldStringData(copy: KubeObject): void {
  if (!isPlainObject(copy['stringData'])) return;
  const data: Record<string, unknown> = isPlainObject(copy['data']) ? copy['data'] : {};
  for (const [key, value] of Object.entries(copy['stringData'])) {
    data[key] = Buffer.from(String(value), 'utf8').toString('base64');
  }
  delete copy['stringData'];
  copy['data'] = data;
}
