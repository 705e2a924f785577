import { createHash } from 'node:crypto';
import { isPlainObject } from '../kube/object.js';
import type { ApplicationSource } from '../model/application.js';
import type { RenderContext } from './helm-source-options.js';
import type { RenderResult } from './render-result.js';
import { normalizeAppPath } from './tree-path.js';

/** What a render depends on: the repository, the commit, the path and the source options. */
export interface RenderCacheKey {
  repoURL: string;
  /** The full commit SHA the source was rendered from. */
  revision: string;
  source: ApplicationSource;
  /** The app's name and namespace, which Helm renders into its output. */
  context?: RenderContext;
}

export interface RenderCacheOptions {
  /**
   * How many renders to keep; the least recently used are dropped first.
   * @defaultValue 256
   */
  maxEntries?: number;
}

export interface RenderCacheStats {
  hits: number;
  misses: number;
  /** Calls that joined a render already in flight for the same key. */
  shared: number;
  size: number;
}

export function resolveRenderCacheOptions(
  options: RenderCacheOptions = {},
): Required<RenderCacheOptions> {
  const maxEntries = options.maxEntries ?? 256;
  if (!Number.isInteger(maxEntries) || maxEntries < 1) {
    throw new RangeError(`maxEntries must be a positive integer, got ${maxEntries}`);
  }
  return { maxEntries };
}

/**
 * A bounded LRU of render results keyed by (repoURL, commit SHA, path, hash of the source
 * options). A commit never changes, so an entry never goes stale; it is only evicted.
 *
 * Results are deep-frozen and shared between callers: copy an object (`cloneJson`) before
 * changing it. Concurrent calls for the same key share one render; failures are not cached.
 */
export class RenderCache {
  private readonly maxEntries: number;
  private readonly entries = new Map<string, RenderResult>();
  private readonly inFlight = new Map<string, Promise<RenderResult>>();
  private hits = 0;
  private misses = 0;
  private shared = 0;

  constructor(options: RenderCacheOptions = {}) {
    this.maxEntries = resolveRenderCacheOptions(options).maxEntries;
  }

  /** The cached result for `key`, or the result of `render()` stored under it. */
  async getOrRender(
    key: RenderCacheKey,
    render: () => Promise<RenderResult>,
  ): Promise<RenderResult> {
    const id = renderCacheId(key);
    const cached = this.lookup(id);
    if (cached !== undefined) {
      this.hits++;
      return cached;
    }
    const running = this.inFlight.get(id);
    if (running !== undefined) {
      this.shared++;
      return running;
    }
    this.misses++;
    const promise = this.renderAndStore(id, render);
    this.inFlight.set(id, promise);
    return promise;
  }

  /** The cached result for `key`, without rendering. */
  get(key: RenderCacheKey): RenderResult | undefined {
    return this.lookup(renderCacheId(key));
  }

  clear(): void {
    this.entries.clear();
  }

  stats(): RenderCacheStats {
    return { hits: this.hits, misses: this.misses, shared: this.shared, size: this.entries.size };
  }

  private async renderAndStore(
    id: string,
    render: () => Promise<RenderResult>,
  ): Promise<RenderResult> {
    try {
      const result = deepFreeze(await render());
      this.entries.set(id, result);
      while (this.entries.size > this.maxEntries) {
        const oldest = this.entries.keys().next().value as string;
        this.entries.delete(oldest);
      }
      return result;
    } finally {
      this.inFlight.delete(id);
    }
  }

  private lookup(id: string): RenderResult | undefined {
    const result = this.entries.get(id);
    if (result !== undefined) {
      // Re-insert to mark it most recently used.
      this.entries.delete(id);
      this.entries.set(id, result);
    }
    return result;
  }
}

/** The string a key is stored under: repo, commit, normalised path and an options hash. */
export function renderCacheId(key: RenderCacheKey): string {
  // Everything but where the source lives is a render option (directory, kustomize, helm, ...).
  const options: Record<string, unknown> = { ...key.source };
  delete options['repoURL'];
  delete options['path'];
  delete options['targetRevision'];
  if (key.context !== undefined) options['context'] = key.context;
  const hash = createHash('sha256').update(stableStringify(options)).digest('hex').slice(0, 16);
  return [key.repoURL, key.revision, normalizeAppPath(key.source.path), hash].join('\n');
}

/** JSON with object keys sorted, so equal options hash equally whatever their key order. */
function stableStringify(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableStringify).join(',')}]`;
  if (isPlainObject(value)) {
    const keys = Object.keys(value)
      .filter((k) => value[k] !== undefined)
      .sort();
    return `{${keys.map((k) => `${JSON.stringify(k)}:${stableStringify(value[k])}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}
