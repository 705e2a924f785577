import type { ResourceCatalog } from '../catalog/resource-catalog.js';
import { RESOURCE_VERBS, SUBRESOURCE_VERBS, type ServedType } from '../catalog/served-type.js';

/** What `/version` reports: the Kubernetes minor this server speaks. */
export const SERVER_VERSION = {
  major: '1',
  minor: '32',
  gitVersion: 'v1.32.0-ferry',
  gitCommit: '0000000000000000000000000000000000000000',
  gitTreeState: 'clean',
  buildDate: '2025-01-01T00:00:00Z',
  goVersion: 'go1.23.0',
  compiler: 'gc',
  platform: 'linux/amd64',
};

export function apiVersions(serverAddress: string): unknown {
  return {
    kind: 'APIVersions',
    versions: ['v1'],
    serverAddressByClientCIDRs: [{ clientCIDR: '0.0.0.0/0', serverAddress }],
  };
}

function groupDoc(name: string, versions: string[]): unknown {
  const entries = versions.map((version) => ({ groupVersion: `${name}/${version}`, version }));
  return { name, versions: entries, preferredVersion: entries[0] };
}

export function apiGroupList(catalog: ResourceCatalog): unknown {
  return {
    kind: 'APIGroupList',
    apiVersion: 'v1',
    groups: catalog.groups().map((g) => groupDoc(g.name, g.versions)),
  };
}

export function apiGroup(catalog: ResourceCatalog, group: string): unknown {
  const info = catalog.groups().find((g) => g.name === group);
  if (info === undefined) return undefined;
  return { kind: 'APIGroup', apiVersion: 'v1', ...(groupDoc(info.name, info.versions) as object) };
}

function resourceEntries(type: ServedType): unknown[] {
  const main: Record<string, unknown> = {
    name: type.plural,
    singularName: type.singular,
    namespaced: type.namespaced,
    kind: type.kind,
    verbs: RESOURCE_VERBS,
  };
  if (type.shortNames.length > 0) main['shortNames'] = type.shortNames;
  if (type.categories.length > 0) main['categories'] = type.categories;
  const entries: unknown[] = [main];
  if (type.subresources.includes('status')) {
    entries.push({
      name: `${type.plural}/status`,
      singularName: '',
      namespaced: type.namespaced,
      kind: type.kind,
      verbs: SUBRESOURCE_VERBS,
    });
  }
  if (type.subresources.includes('scale')) {
    entries.push({
      name: `${type.plural}/scale`,
      singularName: '',
      namespaced: type.namespaced,
      group: 'autoscaling',
      version: 'v1',
      kind: 'Scale',
      verbs: SUBRESOURCE_VERBS,
    });
  }
  return entries;
}

/** The APIResourceList of one group/version, or undefined when nothing is served there. */
export function apiResourceList(catalog: ResourceCatalog, group: string, version: string): unknown {
  const types = catalog.resourcesOf(group, version);
  if (types.length === 0) return undefined;
  return {
    kind: 'APIResourceList',
    apiVersion: 'v1',
    groupVersion: group === '' ? version : `${group}/${version}`,
    resources: types.flatMap(resourceEntries),
  };
}
