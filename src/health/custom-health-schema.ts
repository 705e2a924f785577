import { z } from 'zod';
import { HEALTH_ORDER, type HealthStatusCode } from '../model/vocabulary.js';

const healthCode = z.enum(HEALTH_ORDER as [HealthStatusCode, ...HealthStatusCode[]]);
const oneOrMany = z.union([z.string(), z.array(z.string())]);

/** Matches one entry of `status.conditions` by type, and optionally status and reason. */
const conditionMatcher = z
  .object({
    type: z.string().min(1),
    status: oneOrMany.optional(),
    reason: oneOrMany.optional(),
  })
  .strict();

/** Matches a field, named by a dotted path such as `status.phase` or `spec.suspend`. */
const fieldMatcher = z
  .object({
    path: z.string().min(1),
    equals: z.unknown().optional(),
    in: z.array(z.unknown()).optional(),
    exists: z.boolean().optional(),
  })
  .strict();

/**
 * One rule: when every matcher it names holds (a rule naming none always holds), the object
 * has `status`. The message is `message`, else `messageExpression` (CEL, string), else the
 * matched condition's message.
 */
const healthRule = z
  .object({
    status: healthCode,
    condition: conditionMatcher.optional(),
    fields: z.array(fieldMatcher).optional(),
    cel: z.string().min(1).optional(),
    message: z.string().optional(),
    messageExpression: z.string().min(1).optional(),
  })
  .strict();

/**
 * Health for one group/kind. `expression` (CEL) may return `{status, message}`, or `{}` or
 * null for no verdict; when it gives none or is absent, `rules` are tried in order and the first that holds wins.
 * When nothing decides, the object has no health unless `default` is given.
 */
const customHealthCheck = z
  .object({
    group: z.string().default(''),
    kind: z.string().min(1),
    expression: z.string().min(1).optional(),
    rules: z.array(healthRule).default([]),
    default: z.object({ status: healthCode, message: z.string().optional() }).strict().optional(),
  })
  .strict()
  .refine((c) => c.expression !== undefined || c.rules.length > 0 || c.default !== undefined, {
    message: 'a custom health check needs an expression, rules or a default',
  });

/** `health:` in Ferry's config: custom health checks declared without code. */
export const CustomHealthConfigSchema = z
  .object({ checks: z.array(customHealthCheck).default([]) })
  .strict();

/** The config as written by a user (defaults not yet filled in). */
export type CustomHealthConfig = z.input<typeof CustomHealthConfigSchema>;
/** The config after validation. */
export type ResolvedCustomHealthConfig = z.output<typeof CustomHealthConfigSchema>;
export type CustomHealthCheckConfig = ResolvedCustomHealthConfig['checks'][number];
export type CustomHealthRule = CustomHealthCheckConfig['rules'][number];
