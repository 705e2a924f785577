import { randomInt, randomUUID } from 'node:crypto';
import { cloneJson, isPlainObject, jsonEqual, type KubeObject } from '../../kube/object.js';
import {
  alreadyExists,
  badRequest,
  conflict,
  forbidden,
  invalid,
  notFound,
  STALE_OBJECT_MESSAGE,
} from '../api-error.js';
import { apiVersionOf, type ServedType } from '../catalog/served-type.js';
import { kubeTimestamp, type Clock } from '../clock.js';
import type { VersionedStore } from '../store/versioned-store.js';
import { admitOnCreate } from './admission.js';
import { trackWrite } from './field-tracking.js';
import { checkFields, type FieldValidation } from './field-validation.js';
import { ignoreManagedFieldsTimestamps } from './managed-fields-time.js';
import { STRATEGIES } from './strategies.js';
import type { Strategy, StrategyContext } from './strategy.js';
import { validateObject } from './validation.js';

export const PropagationPolicy = {
  Background: 'Background',
  Foreground: 'Foreground',
  Orphan: 'Orphan',
} as const;
export type PropagationPolicy = (typeof PropagationPolicy)[keyof typeof PropagationPolicy];

export const FOREGROUND_FINALIZER = 'foregroundDeletion';
export const ORPHAN_FINALIZER = 'orphan';

export interface WriteOptions {
  dryRun?: boolean;
  /** Records the write in managedFields under this manager; controllers leave it unset. */
  fieldManager?: string;
  /** The object already carries the managedFields to store (server-side apply computed them). */
  keepManagedFields?: boolean;
  /** Checks the body against its schema; unset (controllers' writes) skips the check. */
  fieldValidation?: FieldValidation;
  /**
   * The body is the caller's to give away: its parts are either its own (freshly parsed or
   * built) or frozen ones shared with the store, so the registry copies only what it changes.
   */
  ownedBody?: boolean;
  /** The caller only reads the result: `object` is then a view rather than a private copy. */
  viewResult?: boolean;
}

export interface UpdateOptions extends WriteOptions {
  subresource?: 'status';
  /** Set for writes through the scale subresource, which managedFields record as such. */
  viaScale?: boolean;
}

export interface DeleteOptions extends WriteOptions {
  propagationPolicy?: PropagationPolicy;
  preconditions?: { uid?: string; resourceVersion?: string };
}

/** A write's result and the HTTP code the real server answers it with. */
export interface WriteResult {
  object: KubeObject;
  /** The object as stored (or, for a dry run, as it would be), read-only. */
  stored: Readonly<KubeObject>;
  code: number;
  /** Warnings for the `Warning` response header (unknown fields under fieldValidation=Warn). */
  warnings?: string[];
}

export interface ObjectRegistryDeps {
  clock: Clock;
  newUid?: () => string;
  randomInt?: (n: number) => number;
}

const NAMESPACES = '/namespaces';
const NAME_SUFFIX_ALPHABET = 'bcdfghjklmnpqrstvwxz2456789';
const SERVER_FIELDS = [
  'uid',
  'resourceVersion',
  'creationTimestamp',
  'deletionTimestamp',
  'deletionGracePeriodSeconds',
  'generation',
];

/**
 * Kubernetes object semantics over the versioned store: validation, defaults, generation,
 * optimistic concurrency, status subresources, finalizers and graceful deletion. The HTTP
 * handlers and the in-process controllers both write through it. Every check runs before
 * the first await, so a read-check-write sequence is atomic.
 */
export class ObjectRegistry {
  private readonly ctx: StrategyContext;
  private readonly newUid: () => string;
  private readonly randomInt: (n: number) => number;

  constructor(
    private readonly store: VersionedStore,
    deps: ObjectRegistryDeps,
  ) {
    this.newUid = deps.newUid ?? randomUUID;
    this.randomInt = deps.randomInt ?? ((n) => randomInt(n));
    this.ctx = { timestamp: () => kubeTimestamp(deps.clock.now()), randomInt: this.randomInt };
  }

  /** The current time as a Kubernetes timestamp. */
  timestamp(): string {
    return this.ctx.timestamp();
  }

  /** A random `-xxxxx` style suffix as Kubernetes uses for generated names. */
  randomSuffix(length = 5): string {
    let out = '';
    for (let i = 0; i < length; i++)
      out += NAME_SUFFIX_ALPHABET[this.randomInt(NAME_SUFFIX_ALPHABET.length)]!;
    return out;
  }

  find(type: ServedType, namespace: string, name: string): KubeObject | undefined {
    const stored = this.store.get(type.storage, type.namespaced ? namespace : '', name);
    return stored === undefined ? undefined : present(type, stored);
  }

  /** Like `get`, but a read-only view of the stored object rather than a private copy. */
  peek(type: ServedType, namespace: string, name: string): KubeObject {
    const stored = this.store.get(type.storage, type.namespaced ? namespace : '', name);
    if (stored === undefined) throw notFound(groupResource(type), name);
    return view(type, stored);
  }

  get(type: ServedType, namespace: string, name: string): KubeObject {
    const obj = this.find(type, namespace, name);
    if (obj === undefined)
      throw notFound(
        type.group === ''
          ? { group: '', resource: type.plural }
          : { group: type.group, resource: type.plural },
        name,
      );
    return obj;
  }

  /** Objects of a type in one namespace, or in all when `namespace` is undefined. */
  list(
    type: ServedType,
    namespace: string | undefined,
  ): { items: KubeObject[]; resourceVersion: string } {
    const items = this.store
      .list(type.storage, type.namespaced ? namespace : undefined)
      .map((o) => view(type, o));
    return { items, resourceVersion: String(this.store.currentRv) };
  }

  async create(
    type: ServedType,
    namespace: string,
    body: unknown,
    options: WriteOptions = {},
  ): Promise<WriteResult> {
    const obj = writable(type, this.decode(type, namespace, body, options));
    const warnings = this.checkFields(type, obj, options);
    const ns = type.namespaced ? namespace : '';
    for (const field of SERVER_FIELDS) delete obj.metadata[field];
    if (options.keepManagedFields !== true) delete obj.metadata.managedFields;
    if ((obj.metadata.name ?? '') === '' && obj.metadata.generateName) {
      obj.metadata.name = this.generateName(type, ns, obj.metadata.generateName);
    }
    const name = obj.metadata.name ?? '';
    if (type.namespaced) {
      obj.metadata.namespace = ns;
      this.checkNamespaceAccepts(ns, type, name);
    } else {
      delete obj.metadata.namespace;
    }
    this.validate(type, obj);
    if (!type.accepting) throw methodNotAllowedWhileDeleting(type);
    if (this.store.get(type.storage, ns, name) !== undefined)
      throw alreadyExists(groupResource(type), name);
    obj.metadata.uid = this.newUid();
    obj.metadata.creationTimestamp = this.ctx.timestamp();
    obj.metadata.generation = 1;
    if (type.subresources.includes('status')) delete obj['status'];
    strategyOf(type)?.prepareForCreate?.(obj, this.ctx);
    admitOnCreate(this.store, type, obj);
    if (options.fieldManager !== undefined && options.keepManagedFields !== true)
      trackWrite(type, undefined, obj, {
        manager: options.fieldManager,
        time: this.ctx.timestamp(),
      });
    if (options.dryRun) return written(type, obj, 201, options, warnings);
    const commit = this.store.put(type.storage, obj);
    await commit.durable;
    return written(type, commit.object, 201, options, warnings);
  }

  async update(
    type: ServedType,
    namespace: string,
    name: string,
    body: unknown,
    options: UpdateOptions = {},
  ): Promise<WriteResult> {
    const incoming = this.decode(type, namespace, body, options);
    const warnings = this.checkFields(type, incoming, options);
    const ns = type.namespaced ? namespace : '';
    if ((incoming.metadata.name ?? name) !== name) {
      throw badRequest(
        `the name of the object (${incoming.metadata.name}) does not match the name on the URL (${name})`,
      );
    }
    const current = this.store.get(type.storage, ns, name);
    if (current === undefined) throw notFound(groupResource(type), name);
    const wantRv = incoming.metadata.resourceVersion;
    if (wantRv !== undefined && wantRv !== '' && wantRv !== current.metadata.resourceVersion) {
      throw conflict(groupResource(type), name, STALE_OBJECT_MESSAGE);
    }
    let next: KubeObject;
    const strategy = strategyOf(type);
    if (options.subresource === 'status') {
      // Everything but the status stays as stored. Without a strategy to default them, only
      // status and metadata's own fields change below, so the rest (and the incoming status,
      // private or frozen) can stay as they are.
      const { status: _stored, ...rest } = current;
      void _stored;
      next =
        strategy === undefined
          ? ({ ...rest, metadata: { ...current.metadata } } as KubeObject)
          : (cloneJson(rest) as KubeObject);
      if (incoming['status'] !== undefined)
        next['status'] = strategy === undefined ? incoming['status'] : thaw(incoming['status']);
    } else {
      next = writable(type, incoming);
      if (type.subresources.includes('status')) {
        if (current['status'] === undefined) delete next['status'];
        else
          next['status'] =
            strategy === undefined ? current['status'] : cloneJson(current['status']);
      }
    }
    next.apiVersion = current.apiVersion;
    next.kind = current.kind;
    const meta = next.metadata;
    meta.name = name;
    if (type.namespaced) meta.namespace = ns;
    else delete meta.namespace;
    for (const field of [
      'uid',
      'creationTimestamp',
      'deletionTimestamp',
      'deletionGracePeriodSeconds',
      'generation',
    ]) {
      if (current.metadata[field] === undefined) delete meta[field];
      else meta[field] = current.metadata[field];
    }
    meta.resourceVersion = current.metadata.resourceVersion;
    // Kept as stored: the entries are replaced, never changed in place.
    if (meta.managedFields === undefined && current.metadata.managedFields !== undefined)
      meta.managedFields = current.metadata.managedFields;
    this.validate(type, next);
    strategy?.prepareForUpdate?.(next, current, this.ctx);
    // A status write keeps the rest as stored, so only other writes can change the spec.
    if (
      options.subresource !== 'status' &&
      !jsonEqual(withoutMetaAndStatus(next), withoutMetaAndStatus(current))
    ) {
      meta.generation = (current.metadata.generation ?? 0) + 1;
    }
    if (options.fieldManager !== undefined && options.keepManagedFields !== true) {
      trackWrite(type, current, next, {
        manager: options.fieldManager,
        subresource: options.viaScale === true ? 'scale' : options.subresource,
        time: this.ctx.timestamp(),
      });
    }
    ignoreManagedFieldsTimestamps(next, current);
    if (jsonEqual(next, current)) return written(type, current, 200, options, warnings);
    if (meta.deletionTimestamp !== undefined && this.pendingFinalizers(type, next).length === 0) {
      if (options.dryRun) return written(type, next, 200, options, warnings);
      const removed = this.store.remove(type.storage, ns, name)!;
      await removed.durable;
      return written(type, { ...next, metadata: removed.object.metadata }, 200, options, warnings);
    }
    if (options.dryRun) return written(type, next, 200, options, warnings);
    const commit = this.store.put(type.storage, next);
    await commit.durable;
    return written(type, commit.object, 200, options, warnings);
  }

  async delete(
    type: ServedType,
    namespace: string,
    name: string,
    options: DeleteOptions = {},
  ): Promise<WriteResult> {
    const ns = type.namespaced ? namespace : '';
    const current = this.store.get(type.storage, ns, name);
    if (current === undefined) throw notFound(groupResource(type), name);
    const pre = options.preconditions;
    if (pre?.uid !== undefined && pre.uid !== current.metadata.uid) {
      throw conflict(
        groupResource(type),
        name,
        `Precondition failed: UID in precondition: ${pre.uid}, UID in object meta: ${current.metadata.uid}`,
      );
    }
    if (
      pre?.resourceVersion !== undefined &&
      pre.resourceVersion !== current.metadata.resourceVersion
    ) {
      throw conflict(
        groupResource(type),
        name,
        `Precondition failed: ResourceVersion in precondition: ${pre.resourceVersion}, ResourceVersion in object meta: ${current.metadata.resourceVersion}`,
      );
    }
    const next = cloneJson(current) as KubeObject;
    const finalizers = [...(next.metadata.finalizers ?? [])];
    const policy = options.propagationPolicy;
    const addFinalizer =
      policy === PropagationPolicy.Foreground
        ? FOREGROUND_FINALIZER
        : policy === PropagationPolicy.Orphan
          ? ORPHAN_FINALIZER
          : undefined;
    if (
      addFinalizer !== undefined &&
      next.metadata.deletionTimestamp === undefined &&
      !finalizers.includes(addFinalizer)
    ) {
      finalizers.push(addFinalizer);
    }
    if (finalizers.length > 0) next.metadata.finalizers = finalizers;
    if (this.pendingFinalizers(type, next).length === 0) {
      if (options.dryRun) return written(type, current, 200, options);
      const removed = this.store.remove(type.storage, ns, name)!;
      await removed.durable;
      return written(type, removed.object, 200, options);
    }
    if (next.metadata.deletionTimestamp === undefined) {
      next.metadata.deletionTimestamp = this.ctx.timestamp();
      next.metadata.deletionGracePeriodSeconds = 0;
      strategyOf(type)?.beginDeletion?.(next);
    }
    if (options.dryRun || jsonEqual(next, current)) return written(type, next, 202, options);
    const commit = this.store.put(type.storage, next);
    await commit.durable;
    return written(type, commit.object, 202, options);
  }

  private pendingFinalizers(type: ServedType, obj: Readonly<KubeObject>): string[] {
    return [
      ...(obj.metadata.finalizers ?? []),
      ...(strategyOf(type)?.extraFinalizers?.(obj) ?? []),
    ];
  }

  private decode(
    type: ServedType,
    namespace: string,
    body: unknown,
    options: WriteOptions,
  ): KubeObject {
    if (!isPlainObject(body)) throw badRequest('the body of the request was not a JSON object');
    // Only the top level changes here; what the write changes below it is made writable there.
    const obj = (options.ownedBody === true ? { ...body } : cloneJson(body)) as KubeObject;
    const expected = apiVersionOf(type);
    if (obj.apiVersion !== undefined && obj.apiVersion !== expected) {
      if (obj.kind !== undefined && obj.kind !== type.kind) throw kindMismatch(obj, type);
      throw badRequest(
        `the API version in the data (${obj.apiVersion}) does not match the expected API version (${expected})`,
      );
    }
    if (obj.kind !== undefined && obj.kind !== type.kind) throw kindMismatch(obj, type);
    obj.apiVersion = expected;
    obj.kind = type.kind;
    if (!isPlainObject(obj.metadata)) obj.metadata = {};
    const bodyNs = obj.metadata.namespace;
    if (type.namespaced && bodyNs !== undefined && bodyNs !== '' && bodyNs !== namespace) {
      throw badRequest(
        'the namespace of the provided object does not match the namespace sent on the request',
      );
    }
    return obj;
  }

  private checkFields(type: ServedType, obj: KubeObject, options: WriteOptions): string[] {
    return options.fieldValidation === undefined
      ? []
      : checkFields(type, obj, options.fieldValidation);
  }

  private validate(type: ServedType, obj: KubeObject): void {
    const causes = validateObject(type, obj);
    if (causes.length > 0)
      throw invalid({ group: type.group, kind: type.kind }, obj.metadata.name ?? '', causes);
  }

  private checkNamespaceAccepts(ns: string, type: ServedType, name: string): void {
    const namespace = this.store.get(NAMESPACES, '', ns);
    if (namespace === undefined) throw notFound({ group: '', resource: 'namespaces' }, ns);
    if (namespace.metadata.deletionTimestamp !== undefined) {
      throw forbidden(
        `${qualified(type)} "${name}" is forbidden: unable to create new content in namespace ${ns} because it is being terminated`,
        groupResource(type),
        name,
      );
    }
  }

  private generateName(type: ServedType, ns: string, prefix: string): string {
    for (let attempt = 0; attempt < 8; attempt++) {
      const name = `${prefix}${this.randomSuffix()}`;
      if (this.store.get(type.storage, ns, name) === undefined) return name;
    }
    return `${prefix}${this.randomSuffix(10)}`;
  }
}

/**
 * A decoded body made safe to change where a create or update changes it: metadata's own
 * fields always, and everything when a strategy sets defaults. Frozen parts there are copied;
 * the rest is kept (a body that was not owned is a deep copy already, with nothing frozen).
 */
function writable(type: ServedType, obj: KubeObject): KubeObject {
  if (strategyOf(type) !== undefined) {
    for (const key of Object.keys(obj)) obj[key] = thaw(obj[key]);
  } else {
    // Writes set metadata's own fields; nothing below them changes in place.
    obj.metadata = { ...obj.metadata };
  }
  return obj;
}

/** `value` with every frozen object in it replaced by a private copy. */
function thaw(value: unknown): unknown {
  if (typeof value !== 'object' || value === null) return value;
  if (Object.isFrozen(value)) return cloneJson(value);
  const container = value as Record<string, unknown>;
  for (const key of Object.keys(container)) container[key] = thaw(container[key]);
  return container;
}

function strategyOf(type: ServedType): Strategy | undefined {
  return type.crdName === undefined ? STRATEGIES[`${type.group}/${type.kind}`] : undefined;
}

export function groupResource(type: ServedType): { group: string; resource: string } {
  return { group: type.group, resource: type.plural };
}

function qualified(type: ServedType): string {
  return type.group === '' ? type.plural : `${type.plural}.${type.group}`;
}

function kindMismatch(obj: KubeObject, type: ServedType): Error {
  return badRequest(
    `${obj.kind} in version "${obj.apiVersion ?? type.version}" cannot be handled as a ${type.kind}: the kind in the data does not match the URL`,
  );
}

function methodNotAllowedWhileDeleting(type: ServedType): Error {
  return forbidden(
    `${qualified(type)} is being deleted: its CustomResourceDefinition is terminating`,
  );
}

function withoutMetaAndStatus(obj: Readonly<KubeObject>): Record<string, unknown> {
  const rest: Record<string, unknown> = { ...obj };
  delete rest['metadata'];
  delete rest['status'];
  return rest;
}

/**
 * The stored object as served through `type`, for reading only: a shallow copy whose
 * nested fields are the store's own, frozen ones. Lists and watches send these.
 */
export function view(type: ServedType, obj: Readonly<KubeObject>): KubeObject {
  return { ...obj, apiVersion: apiVersionOf(type), kind: type.kind } as KubeObject;
}

function written(
  type: ServedType,
  stored: Readonly<KubeObject>,
  code: number,
  options: WriteOptions,
  warnings?: string[],
): WriteResult {
  const object = options.viewResult === true ? view(type, stored) : present(type, stored);
  return warnings === undefined ? { object, stored, code } : { object, stored, code, warnings };
}

/** The object as served through `type`: a private copy with that type's apiVersion. */
export function present(type: ServedType, obj: Readonly<KubeObject>): KubeObject {
  const copy = cloneJson(obj) as KubeObject;
  copy.apiVersion = apiVersionOf(type);
  copy.kind = type.kind;
  return copy;
}
