import { cloneJson, isPlainObject, type KubeObject } from '../../kube/object.js';
import {
  ApplyConflictError,
  applyConfiguration,
  type FieldConflict,
} from '../../kube/ssa/managed-fields.js';
import { formatPath } from '../../kube/ssa/field-set.js';
import { StructureError } from '../../kube/ssa/typed-value.js';
import {
  ApiError,
  badRequest,
  conflict,
  StatusReason,
  STALE_OBJECT_MESSAGE,
} from '../api-error.js';
import { apiVersionOf, type ServedType } from '../catalog/served-type.js';
import { checkFields, FieldValidation } from './field-validation.js';
import { groupResource, type ObjectRegistry, type WriteResult } from './object-registry.js';
import { fieldsScope, typedOf } from './typed-schema.js';

export interface ApplyOptions {
  fieldManager: string;
  force: boolean;
  dryRun: boolean;
  subresource?: 'status' | undefined;
  fieldValidation: FieldValidation;
}

/**
 * Server-side apply of `body` (an applied configuration) to the named object, creating
 * it when missing. Conflicts with other managers answer 409 unless `force`.
 */
export async function applyObject(
  registry: ObjectRegistry,
  type: ServedType,
  namespace: string,
  name: string,
  body: unknown,
  options: ApplyOptions,
): Promise<WriteResult> {
  const config = checkConfig(type, name, body);
  // An applied configuration must fit the schema whatever fieldValidation says: a real
  // server cannot type it otherwise, and fails the apply for every undeclared field.
  const unknown = checkFields(type, config, FieldValidation.Warn);
  if (unknown.length > 0) throw undeclaredFields(type, config, unknown);
  const warnings: string[] = [];
  const current = registry.find(type, namespace, name);
  const wantRv = config.metadata.resourceVersion;
  if (
    current !== undefined &&
    typeof wantRv === 'string' &&
    wantRv !== '' &&
    wantRv !== current.metadata.resourceVersion
  )
    throw conflict(groupResource(type), name, STALE_OBJECT_MESSAGE);
  const live: KubeObject = current ?? {
    apiVersion: apiVersionOf(type),
    kind: type.kind,
    metadata: { name, ...(type.namespaced ? { namespace } : {}) },
  };
  let applied: KubeObject;
  try {
    applied = applyConfiguration({
      live,
      config,
      writer: {
        manager: options.fieldManager,
        apiVersion: apiVersionOf(type),
        time: registry.timestamp(),
        ...(options.subresource === undefined ? {} : { subresource: options.subresource }),
      },
      force: options.force,
      typed: typedOf(type),
      scope: fieldsScope(type, options.subresource),
    });
  } catch (err) {
    if (err instanceof ApplyConflictError) throw applyConflict(err.conflicts);
    if (err instanceof StructureError) throw internalStructure(err);
    throw err;
  }
  // The applied object is built from private copies, and the caller only serializes the result.
  const write = {
    dryRun: options.dryRun,
    keepManagedFields: true,
    ownedBody: true,
    viewResult: true,
  };
  const result =
    current === undefined
      ? await registry.create(type, namespace, applied, write)
      : await registry.update(type, namespace, name, applied, {
          ...write,
          ...(options.subresource === undefined ? {} : { subresource: options.subresource }),
        });
  return { ...result, warnings };
}

function checkConfig(type: ServedType, name: string, body: unknown): KubeObject {
  if (!isPlainObject(body)) throw badRequest('the body of the request was not a JSON object');
  const config = cloneJson(body) as KubeObject;
  if (typeof config.apiVersion !== 'string' || config.apiVersion === '')
    throw badRequest(`error decoding patch: apiVersion must be set`);
  if (typeof config.kind !== 'string' || config.kind === '')
    throw badRequest(`error decoding patch: kind must be set`);
  if (config.apiVersion !== apiVersionOf(type) || config.kind !== type.kind) {
    throw badRequest(
      `the API version in the data (${config.apiVersion}) does not match the expected API version (${apiVersionOf(type)})`,
    );
  }
  if (!isPlainObject(config.metadata)) config.metadata = {};
  const bodyName = config.metadata.name;
  if (bodyName !== undefined && bodyName !== name) {
    throw badRequest(
      `the name of the object (${bodyName}) does not match the name on the URL (${name})`,
    );
  }
  return config;
}

function describeManager(c: FieldConflict): string {
  const name = JSON.stringify(c.manager);
  const sub = c.subresource === undefined ? name : `${name} with subresource "${c.subresource}"`;
  return c.operation === 'Update' ? `${sub} using ${c.apiVersion}` : sub;
}

/** The 409 a real server answers an apply conflict with, message and causes alike. */
export function applyConflict(conflicts: FieldConflict[]): ApiError {
  let message: string;
  if (conflicts.length === 1) {
    const c = conflicts[0]!;
    message = `Apply failed with 1 conflict: conflict with ${describeManager(c)}: ${formatPath(c.path)}`;
  } else {
    const byManager = new Map<string, string[]>();
    for (const c of conflicts) {
      const key = describeManager(c);
      byManager.set(key, [...(byManager.get(key) ?? []), formatPath(c.path)]);
    }
    const lines: string[] = [];
    for (const manager of [...byManager.keys()].sort()) {
      lines.push(`conflicts with ${manager}:`);
      for (const path of byManager.get(manager)!) lines.push(`- ${path}`);
    }
    message = `Apply failed with ${conflicts.length} conflicts: ${lines.join('\n')}`;
  }
  return new ApiError({
    reason: StatusReason.Conflict,
    message,
    details: {
      causes: conflicts.map((c) => ({
        reason: 'FieldManagerConflict',
        message: `conflict with ${describeManager(c)}`,
        field: formatPath(c.path),
      })),
    },
    code: 409,
  });
}

/** The real server's answer to an applied configuration with fields its schema lacks. */
function undeclaredFields(type: ServedType, config: KubeObject, unknown: string[]): ApiError {
  const errors = unknown.map(
    (message) =>
      `.${message.replace(/^unknown field "(.*)"$/, '$1')}: field not declared in schema`,
  );
  const object = `${config.metadata.namespace ?? ''}/${config.metadata.name ?? ''}; ${apiVersionOf(type).includes('/') ? '' : '/'}${apiVersionOf(type)}, Kind=${type.kind}`;
  const detail = errors.length === 1 ? errors[0]! : `errors:\n  ${errors.join('\n  ')}`;
  return new ApiError({
    reason: StatusReason.InternalError,
    message: `failed to create typed patch object (${object}): ${detail}`,
    code: 500,
  });
}

function internalStructure(err: StructureError): ApiError {
  return new ApiError({
    reason: StatusReason.InternalError,
    message: `failed to create typed patch object: ${err.message}`,
    code: 500,
  });
}
