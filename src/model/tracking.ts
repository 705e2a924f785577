import type { KubeObject } from '../kube/object.js';
import { keyOf } from '../kube/resource-key.js';
import { Annotation } from './annotations.js';

/** `<app>:<group>/<Kind>:<namespace>/<name>`, the mark on every object an app manages. */
export function trackingId(appName: string, obj: KubeObject): string {
  const key = keyOf(obj);
  return `${appName}:${key.group}/${key.kind}:${key.namespace}/${key.name}`;
}

export interface ParsedTrackingId {
  appName: string;
  group: string;
  kind: string;
  namespace: string;
  name: string;
}

export function parseTrackingId(value: string | undefined): ParsedTrackingId | undefined {
  if (value === undefined) return undefined;
  const m = /^([^:]+):([^/:]*)\/([^:]+):([^/]*)\/(.+)$/.exec(value);
  if (!m) return undefined;
  return { appName: m[1]!, group: m[2]!, kind: m[3]!, namespace: m[4]!, name: m[5]! };
}

/** The app that manages `obj`, if its tracking id still matches the object itself. */
export function owningApp(obj: KubeObject): string | undefined {
  const parsed = parseTrackingId(obj.metadata.annotations?.[Annotation.trackingId]);
  if (!parsed) return undefined;
  const key = keyOf(obj);
  const same =
    parsed.group === key.group &&
    parsed.kind === key.kind &&
    parsed.namespace === key.namespace &&
    parsed.name === key.name;
  return same ? parsed.appName : undefined;
}
