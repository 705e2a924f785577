import { KubeConfig } from './client-node.js';
import type { KubeObject } from '../kube/object.js';
import type { EngineMetrics } from '../model/engine-metrics.js';
import { ClusterError } from '../model/errors.js';
import { answerError, ApiRequester } from './api-requester.js';
import { isNotFound } from './cluster-errors.js';
import { Discovery, type ResourceInfo } from './discovery.js';
import { HttpTransport, type TransportRequest } from './http-transport.js';

export interface WatchEvent {
  type: 'ADDED' | 'MODIFIED' | 'DELETED' | 'BOOKMARK' | 'ERROR';
  object: KubeObject;
}

/** How the API server treats unknown or duplicate fields in a write (`kubectl --validate`). */
export type FieldValidation = 'Strict' | 'Warn' | 'Ignore';

export interface WriteOptions {
  dryRun?: boolean;
  /** Sent as `fieldValidation`; the server's default (Warn) when unset. */
  fieldValidation?: FieldValidation;
}

export interface DeleteOptions extends WriteOptions {
  propagationPolicy?: 'Foreground' | 'Background' | 'Orphan';
}

export const FIELD_MANAGER = 'ferry';

/**
 * The one door to a Kubernetes API server: discovery, dynamic CRUD on plain JSON objects,
 * and watch. Every failure becomes a ClusterError naming what was attempted.
 */
export class KubeClient {
  readonly discovery: Discovery;
  private readonly api: ApiRequester;
  private readonly transport: HttpTransport;

  constructor(
    readonly config: KubeConfig,
    options: { metrics?: Pick<EngineMetrics, 'kubeRequest'> } = {},
  ) {
    this.transport = new HttpTransport(config);
    this.api = new ApiRequester(this.transport, options.metrics);
    this.discovery = new Discovery(this.api);
  }

  static fromFile(
    path: string,
    options: { metrics?: Pick<EngineMetrics, 'kubeRequest'> } = {},
  ): KubeClient {
    const config = new KubeConfig();
    config.loadFromFile(path);
    return new KubeClient(config, options);
  }

  async get(ref: KubeObject): Promise<KubeObject | undefined> {
    const path = await this.objectPath(ref);
    try {
      return await this.api.getJson<KubeObject>(path);
    } catch (err) {
      if (isNotFound(err)) return undefined;
      throw err;
    }
  }

  async list(
    info: ResourceInfo,
    namespace?: string,
  ): Promise<{ items: KubeObject[]; resourceVersion: string }> {
    const path = collectionPath(info, namespace);
    const list = await this.api.call<{
      items?: KubeObject[];
      metadata?: { resourceVersion?: string };
    }>({ method: 'GET', path }, `list ${info.plural}`);
    const items = (list.items ?? []).map((item) => ({
      ...item,
      apiVersion: info.apiVersion,
      kind: info.kind,
    }));
    return { items, resourceVersion: list.metadata?.resourceVersion ?? '' };
  }

  async create(obj: KubeObject, options: WriteOptions = {}): Promise<KubeObject> {
    const info = await this.require(obj);
    const path =
      collectionPath(info, info.namespaced ? obj.metadata.namespace : undefined) + query(options);
    return this.api.call({ method: 'POST', path, body: obj }, `create ${describe(obj)}`);
  }

  async mergePatch(
    obj: KubeObject,
    patch: Record<string, unknown>,
    options: WriteOptions = {},
  ): Promise<KubeObject> {
    const path = (await this.objectPath(obj)) + query(options);
    return this.api.call(
      { method: 'PATCH', path, body: patch, contentType: 'application/merge-patch+json' },
      `patch ${describe(obj)}`,
    );
  }

  /**
   * Server-side apply as field manager `ferry`, taking over fields other managers (such as
   * a `kubectl edit`) set, as a GitOps tool must: Git is the source of truth.
   */
  async apply(obj: KubeObject, options: WriteOptions = {}): Promise<KubeObject> {
    const path = `${await this.objectPath(obj)}${query(options)}&force=true`;
    return this.api.call(
      { method: 'PATCH', path, body: obj, contentType: 'application/apply-patch+yaml' },
      `apply ${describe(obj)}`,
    );
  }

  /** PUT: replaces the whole object; the body's resourceVersion, if any, guards the write. */
  async replace(obj: KubeObject, options: WriteOptions = {}): Promise<KubeObject> {
    const path = (await this.objectPath(obj)) + query(options);
    return this.api.call({ method: 'PUT', path, body: obj }, `replace ${describe(obj)}`);
  }

  /**
   * Sets top-level fields of the status subresource, each replaced whole (a JSON patch, so
   * nested leftovers of an earlier value never survive); `null` removes a field. With
   * `resourceVersion`, the write only succeeds if the object has not changed since
   * (409 Conflict otherwise).
   */
  async patchStatus(
    obj: KubeObject,
    fields: Record<string, unknown>,
    resourceVersion?: string,
  ): Promise<KubeObject> {
    const request = await this.statusPatch(obj, fields, resourceVersion);
    return this.api.call(request, `update status of ${describe(obj)}`);
  }

  /** The same write as {@link patchStatus}, for a caller that has no use for the object it wrote. */
  async writeStatus(
    obj: KubeObject,
    fields: Record<string, unknown>,
    resourceVersion?: string,
  ): Promise<void> {
    const request = await this.statusPatch(obj, fields, resourceVersion);
    await this.api.callIgnoringReply(request, `update status of ${describe(obj)}`);
  }

  private async statusPatch(
    obj: KubeObject,
    fields: Record<string, unknown>,
    resourceVersion: string | undefined,
  ): Promise<TransportRequest> {
    const path = `${await this.objectPath(obj)}/status`;
    const current = obj['status'] as Record<string, unknown> | undefined;
    if (current === undefined || current === null) {
      // Ferry has not seen a status yet, but the server may have one: merge, never replace.
      const body =
        resourceVersion === undefined
          ? { status: fields }
          : { metadata: { resourceVersion }, status: fields };
      return { method: 'PATCH', path, body, contentType: 'application/merge-patch+json' };
    }
    const ops: { op: string; path: string; value?: unknown }[] = [];
    if (resourceVersion !== undefined) {
      ops.push({ op: 'replace', path: '/metadata/resourceVersion', value: resourceVersion });
    }
    for (const [field, value] of Object.entries(fields)) {
      const pointer = `/status/${field.replace(/~/g, '~0').replace(/\//g, '~1')}`;
      if (value === null || value === undefined) {
        if (field in current) ops.push({ op: 'remove', path: pointer });
      } else ops.push({ op: 'add', path: pointer, value });
    }
    return { method: 'PATCH', path, body: ops, contentType: 'application/json-patch+json' };
  }

  async delete(obj: KubeObject, options: DeleteOptions = {}): Promise<void> {
    const path = (await this.objectPath(obj)) + query(options);
    const body = {
      kind: 'DeleteOptions',
      apiVersion: 'v1',
      propagationPolicy: options.propagationPolicy,
    };
    try {
      await this.api.call({ method: 'DELETE', path, body }, `delete ${describe(obj)}`);
    } catch (err) {
      if (!isNotFound(err)) throw err;
    }
  }

  /**
   * Starts a watch, of all namespaces or of `namespace` alone; resolves once connected. Abort
   * the returned controller to stop it.
   */
  async watch(
    info: ResourceInfo,
    resourceVersion: string,
    onEvent: (event: WatchEvent) => void,
    onDone: (err: unknown) => void,
    namespace?: string,
  ): Promise<AbortController> {
    const params = new URLSearchParams({
      watch: 'true',
      resourceVersion,
      allowWatchBookmarks: 'true',
    });
    const path = `${collectionPath(info, namespace)}?${params}`;
    const action = `watch ${info.plural}`;
    let stream;
    try {
      stream = await this.transport.stream(
        path,
        (line) => onEvent(JSON.parse(line) as WatchEvent),
        onDone,
      );
    } catch (cause) {
      throw new ClusterError(
        `${action}: cannot reach the API server at ${this.transport.serverUrl}`,
        { cause },
      );
    }
    if ('abort' in stream) return stream.abort;
    throw answerError(action, stream);
  }

  close(): void {
    this.transport.close();
  }

  private async require(obj: KubeObject): Promise<ResourceInfo> {
    const info = await this.discovery.resourceInfo(obj.apiVersion, obj.kind);
    if (info === undefined) {
      throw new ClusterError(
        `the server has no resource type for kind ${obj.kind} in ${obj.apiVersion}`,
        {
          data: { apiVersion: obj.apiVersion, kind: obj.kind, reason: 'NoKind' },
        },
      );
    }
    return info;
  }

  private async objectPath(obj: KubeObject): Promise<string> {
    const info = await this.require(obj);
    const namespace = info.namespaced ? (obj.metadata.namespace ?? 'default') : undefined;
    return `${collectionPath(info, namespace)}/${encodeURIComponent(obj.metadata.name ?? '')}`;
  }
}

export function collectionPath(info: ResourceInfo, namespace?: string): string {
  const root = info.apiVersion.includes('/')
    ? `/apis/${info.apiVersion}`
    : `/api/${info.apiVersion}`;
  const ns =
    namespace === undefined || namespace === ''
      ? ''
      : `/namespaces/${encodeURIComponent(namespace)}`;
  return `${root}${ns}/${info.plural}`;
}

function query(options: WriteOptions): string {
  const params = new URLSearchParams({ fieldManager: FIELD_MANAGER });
  if (options.dryRun) params.set('dryRun', 'All');
  if (options.fieldValidation !== undefined) params.set('fieldValidation', options.fieldValidation);
  return `?${params.toString()}`;
}

function describe(obj: KubeObject): string {
  const ns = obj.metadata.namespace === undefined ? '' : `${obj.metadata.namespace}/`;
  return `${obj.kind} ${ns}${obj.metadata.name ?? ''}`;
}
