import { cloneJson, type KubeObject } from '../kube/object.js';
import { Annotation } from '../model/annotations.js';
import type { Application } from '../model/application.js';
import { trackingId } from '../model/tracking.js';

/** Tells whether a kind is namespaced; undefined when the cluster does not know it. */
export type ScopeLookup = (apiVersion: string, kind: string) => Promise<boolean | undefined>;

/**
 * Readies rendered objects for comparison and apply: namespaced objects without a namespace
 * go to the destination namespace, cluster-scoped ones lose theirs, and each is marked with
 * the app's tracking id.
 */
export async function prepareDesired(
  app: Application,
  rendered: readonly KubeObject[],
  isNamespaced: ScopeLookup,
): Promise<KubeObject[]> {
  const destination = app.spec.destination.namespace;
  return Promise.all(
    rendered.map(async (source) => {
      const obj = cloneJson(source);
      const namespaced = await isNamespaced(obj.apiVersion, obj.kind);
      if (namespaced === false) delete obj.metadata.namespace;
      else if (obj.metadata.namespace === undefined || obj.metadata.namespace === '') {
        obj.metadata.namespace = destination ?? 'default';
      }
      obj.metadata.annotations = {
        ...obj.metadata.annotations,
        [Annotation.trackingId]: trackingId(app.metadata.name, obj),
      };
      return obj;
    }),
  );
}
