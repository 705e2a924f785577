import type { KubeObject } from '../../kube/object.js';
import { type ApiError, badRequest, invalid, type StatusCause } from '../api-error.js';
import type { ServedType } from '../catalog/served-type.js';
import { checkAgainstSchema } from './schema-check.js';
import { typedOf } from './typed-schema.js';

/** The `fieldValidation` modes; a request without one gets Warn, as on a real server. */
export const FieldValidation = { Strict: 'Strict', Warn: 'Warn', Ignore: 'Ignore' } as const;
export type FieldValidation = (typeof FieldValidation)[keyof typeof FieldValidation];

export function parseFieldValidation(value: string | null): FieldValidation {
  if (value === null || value === '') return FieldValidation.Warn;
  if (value === 'Strict' || value === 'Warn' || value === 'Ignore') return value;
  throw badRequest(
    `fieldValidation: Unsupported value: "${value}": supported values: "Ignore", "Warn", "Strict"`,
  );
}

function cannotHandle(type: ServedType, detail: string): ApiError {
  return badRequest(
    `${type.kind} in version "${type.version}" cannot be handled as a ${type.kind}: ${detail}`,
  );
}

/**
 * Decodes `obj` against its schema: wrong JSON types fail (400 for built-in kinds, as the Go
 * decoder answers, 422 for custom resources), unknown fields are dropped and either fail
 * (Strict) or come back as warnings (Warn), and custom resources' required fields must be set.
 */
export function checkFields(type: ServedType, obj: KubeObject, mode: FieldValidation): string[] {
  const typed = typedOf(type);
  if (typed.schema === undefined) return [];
  const check = checkAgainstSchema(obj, typed.schema, typed.resolve, type.kind);
  const custom = type.crdName !== undefined;
  const mismatch = check.mismatches[0];
  if (mismatch !== undefined && !custom) {
    throw cannotHandle(
      type,
      `json: cannot unmarshal ${mismatch.got} into Go struct field ${mismatch.struct}.${mismatch.path} of type ${mismatch.expected}`,
    );
  }
  const causes: StatusCause[] = [];
  if (custom) {
    for (const m of check.mismatches) {
      const expected = m.expected.startsWith('int')
        ? 'integer'
        : m.expected === 'bool'
          ? 'boolean'
          : m.expected.startsWith('[]')
            ? 'array'
            : m.expected.includes('.') || m.expected.startsWith('map')
              ? 'object'
              : m.expected;
      const got = m.got === 'bool' ? 'boolean' : m.got;
      causes.push({
        reason: 'FieldValueTypeInvalid',
        message: `Invalid value: "${got}": ${m.path} in body must be of type ${expected}: "${got}"`,
        field: m.path,
      });
    }
    for (const path of check.missing)
      causes.push({ reason: 'FieldValueRequired', message: 'Required value', field: path });
  }
  if (causes.length > 0)
    throw invalid({ group: type.group, kind: type.kind }, obj.metadata.name ?? '', causes);
  if (check.unknown.length === 0 || mode === FieldValidation.Ignore) return [];
  const messages = check.unknown.map((path) => `unknown field "${path}"`);
  if (mode === FieldValidation.Strict)
    throw cannotHandle(type, `strict decoding error: ${messages.join(', ')}`);
  return messages;
}
