import type { KubeObject } from '../kube/object.js';
import { Annotation } from '../model/annotations.js';
import { syncOptionValue } from '../model/sync-options.js';

/** Sync options that apply to one resource: its annotation wins over the app's options. */
export function resourceSyncOption(
  obj: KubeObject | null,
  appOptions: readonly string[] | undefined,
  name: string,
): string | undefined {
  const own = obj?.metadata.annotations?.[Annotation.syncOptions];
  const fromAnnotation = own === undefined ? undefined : syncOptionValue(own.split(','), name);
  return fromAnnotation ?? syncOptionValue(appOptions, name);
}

export function resourceSyncOptionIs(
  obj: KubeObject | null,
  appOptions: readonly string[] | undefined,
  name: string,
  value: string,
): boolean {
  return resourceSyncOption(obj, appOptions, name)?.toLowerCase() === value.toLowerCase();
}
