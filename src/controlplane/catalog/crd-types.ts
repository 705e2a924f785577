import { isPlainObject, type KubeObject } from '../../kube/object.js';
import type { OpenApiSchema } from '../../kube/openapi/schema.js';
import { storageName, type ServedType } from './served-type.js';

interface CrdNames {
  plural?: string;
  singular?: string;
  kind?: string;
  listKind?: string;
  shortNames?: string[];
  categories?: string[];
}

interface CrdVersion {
  name?: string;
  served?: boolean;
  storage?: boolean;
  subresources?: { status?: unknown; scale?: unknown };
  schema?: { openAPIV3Schema?: unknown };
  additionalPrinterColumns?: unknown;
}

/** The served types a CustomResourceDefinition defines, one per served version. */
export function typesOfCrd(crd: Readonly<KubeObject>): ServedType[] {
  const spec = isPlainObject(crd['spec']) ? crd['spec'] : {};
  const group = typeof spec['group'] === 'string' ? spec['group'] : '';
  const names = (isPlainObject(spec['names']) ? spec['names'] : {}) as CrdNames;
  const versions = (Array.isArray(spec['versions']) ? spec['versions'] : []) as CrdVersion[];
  const plural = names.plural ?? '';
  const kind = names.kind ?? '';
  if (group === '' || plural === '' || kind === '') return [];
  const accepting = crd.metadata.deletionTimestamp === undefined;
  return versions
    .filter((v) => v.served !== false && typeof v.name === 'string')
    .map((v) => {
      const subresources: ('status' | 'scale')[] = [];
      if (v.subresources?.status !== undefined) subresources.push('status');
      if (v.subresources?.scale !== undefined) subresources.push('scale');
      return {
        group,
        version: v.name!,
        kind,
        plural,
        singular: names.singular ?? kind.toLowerCase(),
        namespaced: spec['scope'] !== 'Cluster',
        shortNames: names.shortNames ?? [],
        categories: names.categories ?? [],
        subresources,
        listKind: names.listKind ?? `${kind}List`,
        storage: storageName(group, plural),
        crdName: crd.metadata.name ?? '',
        accepting,
        ...(isPlainObject(v.schema?.openAPIV3Schema)
          ? { schema: v.schema.openAPIV3Schema as OpenApiSchema }
          : {}),
        ...(Array.isArray(v.additionalPrinterColumns)
          ? { printerColumns: v.additionalPrinterColumns.filter(isPlainObject) }
          : {}),
      };
    });
}
