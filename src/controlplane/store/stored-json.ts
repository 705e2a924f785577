import type { KubeObject } from '../../kube/object.js';

/** How many recent serializations are kept: enough for one write's log line, watch events and reply. */
const KEPT = 256;
const recent = new Map<object, string>();

/**
 * The JSON text of an object, serialized once for all who send it. A committed write goes to
 * the log, to every watcher and back to its writer; stored objects are frozen, so the text of
 * one can be reused until it is evicted. Objects that are not frozen are serialized each time.
 */
export function storedJson(obj: Readonly<KubeObject>): string {
  if (!Object.isFrozen(obj)) return JSON.stringify(obj);
  let text = recent.get(obj);
  if (text === undefined) {
    text = JSON.stringify(obj);
    recent.set(obj, text);
    if (recent.size > KEPT) recent.delete(recent.keys().next().value!);
  }
  return text;
}
