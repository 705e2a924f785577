import { Ajv, type ErrorObject } from 'ajv';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { RenderError } from '../../../model/errors.js';
import { isGoMap } from '../template/go-value.js';
import type { Chart } from './chart.js';
import type { Values } from './coalesce.js';

function jsonData(v: unknown): unknown {
  if (typeof v === 'bigint') return Number(v);
  if (Array.isArray(v)) return v.map(jsonData);
  if (isGoMap(v)) {
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) out[k] = jsonData(x);
    return out;
  }
  return v;
}

function jsonType(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  if (typeof v === 'number') return Number.isInteger(v) ? 'integer' : 'number';
  return typeof v;
}

function field(instancePath: string): string {
  if (instancePath === '') return '(root)';
  return instancePath
    .slice(1)
    .split('/')
    .map((p) => p.replace(/~1/gu, '/').replace(/~0/gu, '~'))
    .join('.');
}

/** One ajv error worded the way Helm's schema errors read. */
function describe(e: ErrorObject, data: unknown): string {
  const path = field(e.instancePath);
  const p = e.params as Record<string, unknown>;
  const at = (): unknown => {
    let cur = data;
    for (const part of e.instancePath.split('/').slice(1)) {
      cur = isGoMap(cur) ? cur[part] : Array.isArray(cur) ? cur[Number(part)] : undefined;
    }
    return cur;
  };
  switch (e.keyword) {
    case 'type':
      return `${path}: Invalid type. Expected: ${String(p['type']).replace(/,/gu, ', ')}, given: ${jsonType(at())}`;
    case 'required':
      return `${path}: ${String(p['missingProperty'])} is required`;
    case 'enum':
      return `${path}: ${path} must be one of the following: ${(p['allowedValues'] as unknown[]).map((v) => JSON.stringify(v)).join(', ')}`;
    case 'const':
      return `${path}: ${path} does not match: ${JSON.stringify(p['allowedValue'])}`;
    case 'minimum':
      return `${path}: Must be greater than or equal to ${String(p['limit'])}`;
    case 'maximum':
      return `${path}: Must be less than or equal to ${String(p['limit'])}`;
    case 'exclusiveMinimum':
      return `${path}: Must be greater than ${String(p['limit'])}`;
    case 'exclusiveMaximum':
      return `${path}: Must be less than ${String(p['limit'])}`;
    case 'minLength':
      return `${path}: String length must be greater than or equal to ${String(p['limit'])}`;
    case 'maxLength':
      return `${path}: String length must be less than or equal to ${String(p['limit'])}`;
    case 'pattern':
      return `${path}: Does not match pattern '${String(p['pattern'])}'`;
    case 'additionalProperties':
      return `${path}: Additional property ${String(p['additionalProperty'])} is not allowed`;
    case 'minItems':
      return `${path}: Array must have at least ${String(p['limit'])} items`;
    case 'maxItems':
      return `${path}: Array must have at most ${String(p['limit'])} items`;
    default:
      return `${path}: ${e.message ?? e.keyword}`;
  }
}

function validateOne(schema: unknown, values: Values): string[] {
  const s = schema as { $schema?: string };
  const options = { allErrors: true, strict: false, validateFormats: false } as const;
  const ajv =
    typeof s.$schema === 'string' && s.$schema.includes('2020-12')
      ? new Ajv2020(options)
      : new Ajv(options);
  const data = jsonData(values);
  const validate = ajv.compile(schema as object);
  if (validate(data)) return [];
  return (validate.errors ?? []).map((e) => describe(e, data));
}

/**
 * Helm's ValidateAgainstSchema: each chart's values against its values.schema.json,
 * subcharts against their own section. Throws one RenderError listing every failure.
 */
export function validateValues(chart: Chart, values: Values): void {
  const failures: string[] = [];
  const walk = (c: Chart, v: Values): void => {
    if (c.schema !== undefined) {
      let errs: string[];
      try {
        errs = validateOne(c.schema, v);
      } catch (err) {
        errs = [`(root): invalid schema: ${(err as Error).message}`];
      }
      if (errs.length > 0)
        failures.push(`${c.metadata.name}:\n${errs.map((e) => `- ${e}`).join('\n')}\n`);
    }
    for (const d of c.dependencies) {
      const sub = v[d.metadata.name];
      walk(d, isGoMap(sub) ? sub : {});
    }
  };
  walk(chart, values);
  if (failures.length > 0) {
    throw new RenderError(
      `values don't meet the specifications of the schema(s) in the following chart(s):\n${failures.join('')}`,
      { data: { chart: chart.metadata.name, schemaErrors: failures } },
    );
  }
}
