import type { OpenApiSchema } from '../../kube/openapi/schema.js';
import type { ResourceType } from '../../kube/registry.js';

/** A resource as served at one group/version, with where its objects are stored. */
export interface ServedType extends ResourceType {
  listKind: string;
  /** The storage name shared by every version of the resource: `group/plural`. */
  storage: string;
  /** The CustomResourceDefinition that defines it, for custom resources. */
  crdName?: string;
  /** Whether the resource accepts writes; false while its CRD is being deleted. */
  accepting: boolean;
  /** A custom resource's `openAPIV3Schema` for this version, when its CRD gives one. */
  schema?: OpenApiSchema;
  /** Printer columns a CRD version declares. */
  printerColumns?: readonly Record<string, unknown>[];
}

export function storageName(group: string, plural: string): string {
  return `${group}/${plural}`;
}

export function apiVersionOf(type: Pick<ResourceType, 'group' | 'version'>): string {
  return type.group === '' ? type.version : `${type.group}/${type.version}`;
}

export function servedFromBuiltin(type: ResourceType): ServedType {
  return {
    ...type,
    listKind: `${type.kind}List`,
    storage: storageName(type.group, type.plural),
    accepting: true,
  };
}

/** The verbs discovery reports for every resource this server stores generically. */
export const RESOURCE_VERBS = [
  'create',
  'delete',
  'deletecollection',
  'get',
  'list',
  'patch',
  'update',
  'watch',
];
export const SUBRESOURCE_VERBS = ['get', 'patch', 'update'];
