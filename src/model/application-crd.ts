import type { KubeObject } from '../kube/object.js';
import {
  APPLICATION_GROUP,
  APPLICATION_KIND,
  APPLICATION_PLURAL,
  APPLICATION_VERSION,
} from './application.js';

/** The CustomResourceDefinition of Ferry's Application, installed when a cluster lacks it. */
export function applicationCrd(): KubeObject {
  return {
    apiVersion: 'apiextensions.k8s.io/v1',
    kind: 'CustomResourceDefinition',
    metadata: { name: `${APPLICATION_PLURAL}.${APPLICATION_GROUP}` },
    spec: {
      group: APPLICATION_GROUP,
      scope: 'Namespaced',
      names: {
        kind: APPLICATION_KIND,
        listKind: `${APPLICATION_KIND}List`,
        plural: APPLICATION_PLURAL,
        singular: 'application',
        shortNames: ['app', 'apps'],
        categories: ['ferry'],
      },
      versions: [
        {
          name: APPLICATION_VERSION,
          served: true,
          storage: true,
          subresources: { status: {} },
          additionalPrinterColumns: [
            { name: 'Sync Status', type: 'string', jsonPath: '.status.sync.status' },
            { name: 'Health Status', type: 'string', jsonPath: '.status.health.status' },
            { name: 'Revision', type: 'string', jsonPath: '.status.sync.revision', priority: 10 },
            { name: 'Age', type: 'date', jsonPath: '.metadata.creationTimestamp' },
          ],
          schema: {
            openAPIV3Schema: {
              type: 'object',
              required: ['spec'],
              properties: {
                spec: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true },
                status: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true },
                operation: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true },
              },
            },
          },
        },
      ],
    },
  };
}
