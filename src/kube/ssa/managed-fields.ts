import { isPlainObject, type KubeObject } from '../object.js';
import { FieldSet } from './field-set.js';
import { mergeValues, removeFields } from './merge-values.js';
import { compareValues, fieldSetOf, type Typed } from './typed-value.js';

export const FieldsOperation = { Apply: 'Apply', Update: 'Update' } as const;
export type FieldsOperation = (typeof FieldsOperation)[keyof typeof FieldsOperation];

/** One `metadata.managedFields` entry. */
export interface ManagedFieldsEntry {
  manager: string;
  operation: FieldsOperation;
  apiVersion: string;
  time?: string;
  fieldsType: 'FieldsV1';
  fieldsV1: Record<string, unknown>;
  subresource?: string;
}

interface Manager {
  manager: string;
  operation: FieldsOperation;
  apiVersion: string;
  time?: string;
  subresource?: string;
  set: FieldSet;
}

/** Who wrote, how and when: the identity of one managedFields entry. */
export interface FieldsWriter {
  manager: string;
  apiVersion: string;
  /** Kubernetes timestamp of the write. */
  time: string;
  /** `status` for writes through the status subresource. */
  subresource?: string;
}

/** A field another manager owns with a different value than the one being applied. */
export interface FieldConflict {
  manager: string;
  operation: FieldsOperation;
  apiVersion: string;
  subresource?: string;
  path: string[];
}

export class ApplyConflictError extends Error {
  readonly code = 'APPLY_CONFLICT';
  constructor(readonly conflicts: FieldConflict[]) {
    super(`Apply failed with ${conflicts.length} conflict(s)`);
    this.name = 'ApplyConflictError';
  }
}

/** The key managers are told apart by, as the API server builds it (apply ignores the version). */
function managerId(
  m: Pick<Manager, 'manager' | 'operation' | 'apiVersion' | 'subresource'>,
): string {
  return JSON.stringify([
    m.manager,
    m.operation,
    m.operation === 'Apply' ? '' : m.apiVersion,
    m.subresource ?? '',
  ]);
}

export function decodeManagedFields(managedFields: unknown): Map<string, Manager> {
  const managers = new Map<string, Manager>();
  if (!Array.isArray(managedFields)) return managers;
  for (const raw of managedFields) {
    if (!isPlainObject(raw) || typeof raw['manager'] !== 'string') continue;
    const m: Manager = {
      manager: raw['manager'],
      operation: raw['operation'] === 'Apply' ? 'Apply' : 'Update',
      apiVersion: typeof raw['apiVersion'] === 'string' ? raw['apiVersion'] : '',
      ...(typeof raw['time'] === 'string' ? { time: raw['time'] } : {}),
      ...(typeof raw['subresource'] === 'string' && raw['subresource'] !== ''
        ? { subresource: raw['subresource'] }
        : {}),
      set: FieldSet.fromFieldsV1(raw['fieldsV1']),
    };
    const id = managerId(m);
    const existing = managers.get(id);
    if (existing === undefined) managers.set(id, m);
    else existing.set = existing.set.union(m.set);
  }
  return managers;
}

/** Entries sorted as the API server sorts them: Apply before Update, then by time and name. */
export function encodeManagedFields(managers: Map<string, Manager>): ManagedFieldsEntry[] {
  const entries = [...managers.values()]
    .filter((m) => !m.set.isEmpty())
    .sort(
      (a, b) =>
        a.operation.localeCompare(b.operation) ||
        (a.time ?? '').localeCompare(b.time ?? '') ||
        a.manager.localeCompare(b.manager) ||
        a.apiVersion.localeCompare(b.apiVersion) ||
        (a.subresource ?? '').localeCompare(b.subresource ?? ''),
    );
  return entries.map((m) => ({
    manager: m.manager,
    operation: m.operation,
    apiVersion: m.apiVersion,
    ...(m.time === undefined ? {} : { time: m.time }),
    fieldsType: 'FieldsV1',
    fieldsV1: m.set.toFieldsV1(),
    ...(m.subresource === undefined ? {} : { subresource: m.subresource }),
  }));
}

/** Server-owned metadata that no manager owns. */
const SERVER_METADATA = [
  'name',
  'namespace',
  'uid',
  'resourceVersion',
  'generation',
  'creationTimestamp',
  'deletionTimestamp',
  'deletionGracePeriodSeconds',
  'managedFields',
  'selfLink',
];

/** Which part of an object a write may own: the main resource without status, or only status. */
export type FieldsScope = 'all' | 'main' | 'status';

/** The part of an object whose fields managers own. */
export function ownedPart(obj: unknown, scope: FieldsScope): Record<string, unknown> {
  if (!isPlainObject(obj)) return {};
  if (scope === 'status') return obj['status'] === undefined ? {} : { status: obj['status'] };
  const out: Record<string, unknown> = { ...obj };
  delete out['apiVersion'];
  delete out['kind'];
  if (scope === 'main') delete out['status'];
  if (isPlainObject(obj['metadata'])) {
    const meta: Record<string, unknown> = { ...obj['metadata'] };
    for (const field of SERVER_METADATA) delete meta[field];
    if (Object.keys(meta).length === 0) delete out['metadata'];
    else out['metadata'] = meta;
  }
  return out;
}

/** `live` with the owned part replaced by `part`, keeping everything else of `live`. */
function withOwnedPart(
  live: KubeObject,
  part: Record<string, unknown>,
  scope: FieldsScope,
): KubeObject {
  if (scope === 'status') {
    const out: KubeObject = { ...live };
    if (part['status'] === undefined) delete out['status'];
    else out['status'] = part['status'];
    return out;
  }
  const out: KubeObject = {
    apiVersion: live.apiVersion,
    kind: live.kind,
    metadata: { ...live.metadata },
  };
  const liveMeta: Record<string, unknown> = live.metadata;
  const meta: Record<string, unknown> = {};
  for (const field of SERVER_METADATA)
    if (liveMeta[field] !== undefined) meta[field] = liveMeta[field];
  const partMeta = isPlainObject(part['metadata']) ? part['metadata'] : {};
  out.metadata = { ...partMeta, ...meta };
  for (const [key, value] of Object.entries(part)) if (key !== 'metadata') out[key] = value;
  if (scope === 'main' && live['status'] !== undefined) out['status'] = live['status'];
  return out;
}

export interface ApplyInput {
  /** The current object, or an empty shell (`apiVersion`, `kind`, `metadata.name`) when creating. */
  live: KubeObject;
  config: KubeObject;
  writer: FieldsWriter;
  force: boolean;
  typed: Typed;
  scope: FieldsScope;
}

/**
 * Server-side apply: merges `config` into `live`, removes fields the manager applied
 * before and no longer does (unless another manager owns them), and updates managedFields.
 * Throws {@link ApplyConflictError} when another manager owns a field the configuration
 * changes, unless `force`, which takes those fields over.
 */
export function applyConfiguration(input: ApplyInput): KubeObject {
  const { live, config, writer, typed, scope } = input;
  const liveOwned = ownedPart(live, scope);
  const configOwned = ownedPart(config, scope);
  let merged = mergeValues(liveOwned, configOwned, typed) as Record<string, unknown>;
  const managers = decodeManagedFields(live.metadata.managedFields);
  const self: Manager = {
    manager: writer.manager,
    operation: 'Apply',
    apiVersion: writer.apiVersion,
    time: writer.time,
    ...(writer.subresource === undefined ? {} : { subresource: writer.subresource }),
    set: fieldSetOf(configOwned, typed),
  };
  const id = managerId(self);
  const last = managers.get(id)?.set;
  if (last !== undefined) {
    let others = new FieldSet();
    for (const [otherId, m] of managers) if (otherId !== id) others = others.union(m.set);
    const dropped = last.difference(self.set);
    const removable = new FieldSet();
    for (const path of dropped.paths())
      if (!others.hasPrefix(path) && !self.set.hasPrefix(path)) removable.insert(path);
    merged = removeFields(merged, removable, typed) as Record<string, unknown>;
  }
  const compare = compareValues(liveOwned, merged, typed);
  const changed = compare.modified.union(compare.added);
  const conflicts: FieldConflict[] = [];
  for (const [otherId, m] of managers) {
    if (otherId === id) continue;
    const clash = m.set.intersection(changed);
    for (const path of clash.paths())
      conflicts.push({
        manager: m.manager,
        operation: m.operation,
        apiVersion: m.apiVersion,
        ...(m.subresource === undefined ? {} : { subresource: m.subresource }),
        path,
      });
    if (!clash.isEmpty()) m.set = m.set.difference(clash);
    m.set = m.set.difference(compare.removed);
  }
  if (conflicts.length > 0 && !input.force) throw new ApplyConflictError(conflicts);
  managers.set(id, self);
  const result = withOwnedPart(live, merged, scope);
  result.metadata.managedFields = encodeManagedFields(managers);
  return result;
}

export interface UpdateInput {
  before: KubeObject | undefined;
  after: KubeObject;
  writer: FieldsWriter;
  typed: Typed;
  scope: FieldsScope;
}

/**
 * The managedFields after a create, update or non-apply patch: the writer gains every field
 * it added or changed, and other managers lose those fields and the ones it removed.
 * Uses `after.metadata.managedFields` when the writer set them, else those of `before`.
 */
export function updateManagedFields(input: UpdateInput): ManagedFieldsEntry[] {
  const { before, after, writer, typed, scope } = input;
  const given = after.metadata.managedFields;
  const compare = compareValues(
    before === undefined ? undefined : ownedPart(before, scope),
    ownedPart(after, scope),
    typed,
  );
  const changed = compare.modified.union(compare.added);
  const unchanged = unchangedEntries(
    given ?? before?.metadata.managedFields,
    before?.metadata.managedFields,
    writer,
    changed,
    compare.removed,
  );
  if (unchanged !== undefined) return unchanged;
  const managers = decodeManagedFields(given ?? before?.metadata.managedFields);
  const self: Manager = {
    manager: writer.manager,
    operation: 'Update',
    apiVersion: writer.apiVersion,
    time: writer.time,
    ...(writer.subresource === undefined ? {} : { subresource: writer.subresource }),
    set: new FieldSet(),
  };
  const id = managerId(self);
  for (const [otherId, m] of managers) {
    if (otherId === id) continue;
    m.set = m.set.difference(changed).difference(compare.removed);
  }
  const previous = managers.get(id);
  const next = (previous?.set ?? new FieldSet()).union(changed).difference(compare.removed);
  if (previous !== undefined && next.equals(previous.set)) {
    self.time = previous.time ?? writer.time;
  }
  self.set = next;
  managers.set(id, self);
  return encodeManagedFields(managers);
}

/**
 * The stored entries themselves when a write leaves every one as it was: the writer already
 * owns each field it changed, and no manager owns a field it changed or removed. This is the
 * common case of a controller writing status again, and needs no decoding of the entries.
 * Undefined when the entries are not the stored ones, or may change.
 */
function unchangedEntries(
  entries: unknown,
  stored: unknown,
  writer: FieldsWriter,
  changed: FieldSet,
  removed: FieldSet,
): ManagedFieldsEntry[] | undefined {
  if (entries !== stored || !Array.isArray(entries)) return undefined;
  const selfId = managerId({ ...writer, operation: 'Update' });
  const changedPaths = changed.paths();
  const removedPaths = removed.paths();
  const ids = new Set<string>();
  for (const entry of entries as unknown[]) {
    if (!isPlainObject(entry) || typeof entry['manager'] !== 'string') return undefined;
    const id = managerId({
      manager: entry['manager'],
      operation: entry['operation'] === 'Apply' ? 'Apply' : 'Update',
      apiVersion: typeof entry['apiVersion'] === 'string' ? entry['apiVersion'] : '',
      ...(typeof entry['subresource'] === 'string' && entry['subresource'] !== ''
        ? { subresource: entry['subresource'] }
        : {}),
    });
    if (ids.has(id)) return undefined;
    ids.add(id);
    const owns = (path: string[]): boolean => hasMember(entry['fieldsV1'], path);
    if (removedPaths.some(owns)) return undefined;
    if (id === selfId ? !changedPaths.every(owns) : changedPaths.some(owns)) return undefined;
  }
  return ids.has(selfId) ? (entries as ManagedFieldsEntry[]) : undefined;
}

/** Whether an encoded FieldsV1 tree has `path` as a member, as FieldSet.fromFieldsV1 reads it. */
function hasMember(fieldsV1: unknown, path: readonly string[]): boolean {
  let node = fieldsV1;
  for (const element of path) {
    if (!isPlainObject(node) || !Object.hasOwn(node, element)) return false;
    node = node[element];
  }
  return isPlainObject(node) && ('.' in node || Object.keys(node).length === 0);
}
