import type { KubeObject } from '../kube/object.js';
import { Annotation } from '../model/annotations.js';
import { isWorse, type HealthStatusCode } from '../model/vocabulary.js';
import type { HealthStatus } from './types.js';

/** Argo CD's annotation that keeps one resource out of its app's health. */
export const IGNORE_HEALTHCHECK_ANNOTATION = 'argocd.argoproj.io/ignore-healthcheck';

/** One resource of an app as aggregation sees it: its objects and its own health. */
export interface ResourceHealth {
  /** The desired object, or null/undefined when the resource is extraneous. */
  target?: KubeObject | null;
  /** The live object, or null/undefined when the resource is missing. */
  live?: KubeObject | null;
  /** Its health; `undefined` when no check applies, and then it is not counted. */
  health: HealthStatus | undefined;
}

/** The worst of several health codes; Healthy when there are none. */
export function aggregateHealth(statuses: Iterable<HealthStatusCode>): HealthStatusCode {
  let worst: HealthStatusCode = 'Healthy';
  for (const status of statuses) {
    if (isWorse(status, worst)) worst = status;
  }
  return worst;
}

/** True for Argo CD and Helm hooks, which live outside an app's health. */
export function isHook(obj: KubeObject | null | undefined): boolean {
  const annotations = obj?.metadata.annotations;
  if (annotations === undefined) return false;
  return (
    annotations[Annotation.hook] !== undefined || annotations[Annotation.helmHook] !== undefined
  );
}

/** True when `argocd.argoproj.io/ignore-healthcheck: "true"` is set on the object. */
export function ignoresHealthCheck(obj: KubeObject | null | undefined): boolean {
  return obj?.metadata.annotations?.[IGNORE_HEALTHCHECK_ANNOTATION] === 'true';
}

/** Whether a resource counts towards its app's health, by Argo CD's rules. */
export function countsForAppHealth(resource: ResourceHealth): boolean {
  if (resource.health === undefined) return false;
  for (const obj of [resource.target, resource.live]) {
    if (isHook(obj) || ignoresHealthCheck(obj)) return false;
  }
  return true;
}

/**
 * An app's health from its resources, as Argo CD computes it: hooks, resources annotated
 * `ignore-healthcheck`, and kinds without a check are left out; the worst of the rest wins.
 */
export function aggregateResourceHealth(resources: Iterable<ResourceHealth>): HealthStatusCode {
  const statuses: HealthStatusCode[] = [];
  for (const resource of resources) {
    if (countsForAppHealth(resource)) statuses.push(resource.health!.status);
  }
  return aggregateHealth(statuses);
}
