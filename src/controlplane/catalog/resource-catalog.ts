import { compareVersionPriority } from '../../kube/version-priority.js';
import { BUILTIN_TYPES } from '../../kube/registry.js';
import { servedFromBuiltin, type ServedType } from './served-type.js';

export interface ApiGroupInfo {
  name: string;
  /** Served versions, preferred first. */
  versions: string[];
}

/**
 * Which resources the server serves: the built-in kinds plus those of every
 * CustomResourceDefinition. Lookups are by URL (group, version, plural) or by kind.
 */
export class ResourceCatalog {
  private readonly builtin: ServedType[] = BUILTIN_TYPES.map(servedFromBuiltin);
  private readonly custom = new Map<string, ServedType[]>();
  private changes = 0;

  /** Increases whenever the served types change, for caches of derived documents. */
  get revision(): number {
    return this.changes;
  }

  /** Replaces the types a CRD defines (an empty list removes them). */
  setCustom(crdName: string, types: ServedType[]): void {
    this.changes++;
    if (types.length === 0) this.custom.delete(crdName);
    else this.custom.set(crdName, types);
  }

  all(): ServedType[] {
    return [...this.builtin, ...[...this.custom.values()].flat()];
  }

  lookup(group: string, version: string, plural: string): ServedType | undefined {
    return this.all().find(
      (t) => t.group === group && t.version === version && t.plural === plural,
    );
  }

  /** The preferred-version type of a group/kind. */
  byKind(group: string, kind: string): ServedType | undefined {
    const matches = this.all().filter((t) => t.group === group && t.kind === kind);
    return matches.sort((a, b) => compareVersionPriority(a.version, b.version))[0];
  }

  /** The preferred-version type of a storage resource. */
  byStorage(storage: string): ServedType | undefined {
    const matches = this.all().filter((t) => t.storage === storage);
    return matches.sort((a, b) => compareVersionPriority(a.version, b.version))[0];
  }

  resourcesOf(group: string, version: string): ServedType[] {
    return this.all().filter((t) => t.group === group && t.version === version);
  }

  /** Named API groups (not the core group) in discovery order, builtins first. */
  groups(): ApiGroupInfo[] {
    const order: string[] = [];
    const versions = new Map<string, Set<string>>();
    for (const t of this.all()) {
      if (t.group === '') continue;
      if (!versions.has(t.group)) {
        order.push(t.group);
        versions.set(t.group, new Set());
      }
      versions.get(t.group)!.add(t.version);
    }
    return order.map((name) => ({
      name,
      versions: [...versions.get(name)!].sort(compareVersionPriority),
    }));
  }
}
