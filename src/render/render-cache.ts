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
   * How many renders to keep; the least recently used are dropped first. Every app has a
   * render of its own, so this is sized for fleets of apps.
   * @defaultValue 100_000
   */
  maxEntries?: number;
  /**
   * How much rendered output to keep, counted as the objects' JSON length.
   * @defaultValue 128 MiB
   */
  maxBytes?: number;
}

export interface RenderCacheStats {
  hits: number;
  misses: number;
  /** Calls that joined a render already in flight for the same key. */
  shared: number;
  size: number;
  bytes: number;
}

export function resolveRenderCacheOptions(
  options: RenderCacheOptions = {},
): Required<RenderCacheOptions> {
  const maxEntries = options.maxEntries ?? 100_000;
  const maxBytes = options.maxBytes ?? 128 * 1024 * 1024;
  for (const [name, value] of Object.entries({ maxEntries, maxBytes })) {
    if (!Number.isInteger(value) || value < 1) {
      throw new RangeError(`${name} must be a positive integer, got ${value}`);
    }
  }
  return { maxEntries, maxBytes };
}

/**
 * A bounded LRU of render results keyed by (repoURL, commit SHA, path, hash of the source
 * options). A commit never changes, so an entry never goes stale; it is only evicted.
 *
 * Results are deep-frozen and shared between callers: copy an object (`cloneJson`) before
 * changing it. Concurrent calls for the same key share one render; failures are not cached.
 */
export class RenderCache {
  private readonly limits: Required<RenderCacheOptions>;
  private readonly entries = new Map<string, { result: RenderResult; bytes: number }>();
  private bytes = 0;
  private readonly inFlight = new Map<string, Promise<RenderResult>>();
  private hits = 0;
  private misses = 0;
  private shared = 0;

  constructor(options: RenderCacheOptions = {}) {
    this.limits = resolveRenderCacheOptions(options);
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
    this.bytes = 0;
  }

  stats(): RenderCacheStats {
    const { hits, misses, shared, bytes } = this;
    return { hits, misses, shared, size: this.entries.size, bytes };
  }

  private async renderAndStore(
    id: string,
    render: () => Promise<RenderResult>,
  ): Promise<RenderResult> {
    try {
      const result = deepFreeze(await render());
      const bytes = JSON.stringify(result.objects).length;
      this.entries.set(id, { result, bytes });
      this.bytes += bytes;
      const { maxEntries, maxBytes } = this.limits;
      while (this.entries.size > maxEntries || (this.bytes > maxBytes && this.entries.size > 1)) {
        const [oldest, entry] = this.entries.entries().next().value!;
        this.entries.delete(oldest);
        this.bytes -= entry.bytes;
      }
      return result;
    } finally {
      this.inFlight.delete(id);
    }
  }

  private lookup(id: string): RenderResult | undefined {
    const entry = this.entries.get(id);
    if (entry !== undefined) {
      // Re-insert to mark it most recently used.
      this.entries.delete(id);
      this.entries.set(id, entry);
    }
    return entry?.result;
  }
}

/**
 * The string a key is stored under: repo, commit, normalised path and the source options,
 * as they are when short (most apps have none), else as a hash of them.
 */
export function renderCacheId(key: RenderCacheKey): string {
  // Everything but where the source lives is a render option (directory, kustomize, helm, ...).
  const options: Record<string, unknown> = { ...key.source };
  delete options['repoURL'];
  delete options['path'];
  delete options['targetRevision'];
  if (key.context !== undefined) options['context'] = key.context;
  const text = stableStringify(options);
  // A hash is hex, so it never reads as the JSON of other options.
  const id =
    text.length <= 128 ? text : createHash('sha256').update(text).digest('hex').slice(0, 16);
  return [key.repoURL, key.revision, normalizeAppPath(key.source.path), id].join('\n');
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
