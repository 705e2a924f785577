import { formatApiVersion, parseApiVersion } from '../kube/object.js';
import type { ApiRequester } from './api-requester.js';

/** Where a kind lives in the API, learnt from discovery. */
export interface ResourceInfo {
  apiVersion: string;
  kind: string;
  plural: string;
  namespaced: boolean;
  verbs: string[];
}

interface ApiResourceList {
  resources: { name: string; kind: string; namespaced: boolean; verbs: string[] }[];
}

/** Caches the resource list per apiVersion; a miss asks the server again, so new CRDs appear. */
export class Discovery {
  private readonly cache = new Map<string, Promise<ResourceInfo[]>>();

  constructor(private readonly api: ApiRequester) {}

  async resourceInfo(apiVersion: string, kind: string): Promise<ResourceInfo | undefined> {
    const cached = this.cache.get(apiVersion);
    if (cached !== undefined) {
      const hit = (await cached).find((r) => r.kind === kind);
      if (hit !== undefined) return hit;
    }
    const fresh = this.load(apiVersion);
    this.cache.set(apiVersion, fresh);
    fresh.catch(() => this.cache.delete(apiVersion));
    return (await fresh).find((r) => r.kind === kind);
  }

  /** Every listable and watchable resource the server offers, in its preferred versions. */
  async allResources(): Promise<ResourceInfo[]> {
    const core = ['v1'];
    const groups = await this.api.getJson<{
      groups: { preferredVersion?: { groupVersion: string } }[];
    }>('/apis');
    const versions = core.concat(
      (groups?.groups ?? []).flatMap((g) =>
        g.preferredVersion ? [g.preferredVersion.groupVersion] : [],
      ),
    );
    const lists = await Promise.all(versions.map((v) => this.load(v)));
    return lists.flat().filter((r) => r.verbs.includes('list') && r.verbs.includes('watch'));
  }

  invalidate(apiVersion?: string): void {
    if (apiVersion === undefined) this.cache.clear();
    else this.cache.delete(apiVersion);
  }

  private async load(apiVersion: string): Promise<ResourceInfo[]> {
    const gv = parseApiVersion(apiVersion);
    const path = gv.group === '' ? `/api/${gv.version}` : `/apis/${formatApiVersion(gv)}`;
    const list = await this.api.getJson<ApiResourceList>(path);
    return (list?.resources ?? [])
      .filter((r) => !r.name.includes('/'))
      .map((r) => ({
        apiVersion,
        kind: r.kind,
        plural: r.name,
        namespaced: r.namespaced,
        verbs: r.verbs,
      }));
  }
}
