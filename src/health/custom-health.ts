import { parse as parseCel } from '@marcbachmann/cel-js';
import { isPlainObject, jsonEqual, type KubeObject } from '../kube/object.js';
import { ConfigError, describeError } from '../model/errors.js';
import { HEALTH_ORDER, type HealthStatusCode } from '../model/vocabulary.js';
import {
  CustomHealthConfigSchema,
  type CustomHealthCheckConfig,
  type CustomHealthRule,
} from './custom-health-schema.js';
import { HEALTH_CHECKS } from './registry.js';
import type { HealthCheck, HealthStatus } from './types.js';
import { type Condition } from './kinds/fields.js';

type CelProgram = (context: Record<string, unknown>) => unknown;

/** The CEL variables: `object` and its alias `self`. */
function celContext(obj: KubeObject): Record<string, unknown> {
  return { object: obj, self: obj };
}

function compileCel(expression: string, where: string): CelProgram {
  try {
    const program = parseCel(expression);
    return (context) => program(context) as unknown;
  } catch (cause) {
    throw new ConfigError(`invalid CEL expression in ${where}: ${describeError(cause)}`, {
      cause,
      data: { expression, where },
    });
  }
}

function fieldAt(obj: unknown, path: string): unknown {
  let current = obj;
  for (const part of path.replace(/^\./, '').split('.')) {
    if (!isPlainObject(current)) return undefined;
    current = current[part];
  }
  return current;
}

const within = (value: string | undefined, allowed: string | string[] | undefined): boolean =>
  allowed === undefined || (Array.isArray(allowed) ? allowed : [allowed]).includes(value ?? '');

interface CompiledRule {
  rule: CustomHealthRule;
  guard?: CelProgram;
  message?: CelProgram;
}

function compileRule(rule: CustomHealthRule, where: string): CompiledRule {
  return {
    rule,
    guard: rule.cel === undefined ? undefined : compileCel(rule.cel, `${where} cel`),
    message:
      rule.messageExpression === undefined
        ? undefined
        : compileCel(rule.messageExpression, `${where} messageExpression`),
  };
}

/** The rule's verdict on `obj`, or undefined when it does not hold. */
function applyRule(compiled: CompiledRule, obj: KubeObject): HealthStatus | undefined {
  const { rule } = compiled;
  let condition: Condition | undefined;
  if (rule.condition !== undefined) {
    const wanted = rule.condition;
    const conditions = fieldAt(obj, 'status.conditions');
    condition = (Array.isArray(conditions) ? (conditions as Condition[]) : []).find(
      (c) =>
        c.type === wanted.type &&
        within(c.status, wanted.status) &&
        within(c.reason, wanted.reason),
    );
    if (condition === undefined) return undefined;
  }
  for (const field of rule.fields ?? []) {
    const value = fieldAt(obj, field.path);
    if (field.exists !== undefined && (value !== undefined) !== field.exists) return undefined;
    if (field.equals !== undefined && !jsonEqual(value, field.equals)) return undefined;
    if (field.in !== undefined && !field.in.some((v) => jsonEqual(v, value))) return undefined;
  }
  if (compiled.guard !== undefined && compiled.guard(celContext(obj)) !== true) return undefined;
  const message =
    rule.message ??
    (compiled.message === undefined ? undefined : String(compiled.message(celContext(obj)))) ??
    condition?.message;
  return message === undefined ? { status: rule.status } : { status: rule.status, message };
}

function toHealthStatus(value: unknown, where: string): HealthStatus | undefined {
  if (value === null || value === undefined) return undefined;
  const record = value instanceof Map ? Object.fromEntries(value) : value;
  if (!isPlainObject(record)) throw new Error(`${where} must return a map or null`);
  if (record['status'] === undefined) return undefined;
  const status = HEALTH_ORDER.find((code): code is HealthStatusCode => code === record['status']);
  if (status === undefined) {
    throw new Error(`${where} returned status ${String(record['status'])}, not a health status`);
  }
  return record['message'] === undefined
    ? { status }
    : { status, message: String(record['message']) };
}

function compileCheck(config: CustomHealthCheckConfig): HealthCheck {
  const where = `health check for ${config.group}/${config.kind}`;
  const expression =
    config.expression === undefined
      ? undefined
      : compileCel(config.expression, `${where} expression`);
  const rules = config.rules.map((rule, i) => compileRule(rule, `${where} rule ${i + 1}`));
  return (obj) => {
    if (expression !== undefined) {
      const verdict = toHealthStatus(expression(celContext(obj)), `${where} expression`);
      if (verdict !== undefined) return verdict;
    }
    for (const rule of rules) {
      const verdict = applyRule(rule, obj);
      if (verdict !== undefined) return verdict;
    }
    return config.default;
  };
}

/**
 * Validates a parsed `health:` config and compiles it into checks by `group/Kind`.
 * Throws ConfigError naming the offending check when the config or a CEL expression is invalid.
 */
export function loadCustomHealthChecks(config: unknown): Record<string, HealthCheck> {
  const parsed = CustomHealthConfigSchema.safeParse(config ?? {});
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`invalid custom health config: ${issues.join('; ')}`, {
      data: { issues },
    });
  }
  const checks: Record<string, HealthCheck> = {};
  for (const check of parsed.data.checks)
    checks[`${check.group}/${check.kind}`] = compileCheck(check);
  return checks;
}

/** The built-in checks with custom ones layered on top: a custom check replaces a built-in one. */
export function healthChecksWith(config: unknown): Readonly<Record<string, HealthCheck>> {
  return { ...HEALTH_CHECKS, ...loadCustomHealthChecks(config) };
}
