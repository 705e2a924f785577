import { z } from 'zod';
import { RenderError } from '../../model/errors.js';

// Kept apart from source-options.ts: zod is large, and only Applications with
// `source.kustomize` need it.

const stringMap = z.record(z.string(), z.coerce.string());

const optionsSchema = z.object({
  namePrefix: z.string().optional(),
  nameSuffix: z.string().optional(),
  namespace: z.string().optional(),
  images: z.array(z.string()).optional(),
  commonLabels: stringMap.optional(),
  commonAnnotations: stringMap.optional(),
  replicas: z
    .array(z.object({ name: z.string(), count: z.union([z.number(), z.string()]) }))
    .optional(),
  patches: z.array(z.record(z.string(), z.unknown())).optional(),
  components: z.array(z.string()).optional(),
});

/** `spec.source.kustomize` of an Application, as in Argo CD. */
export type KustomizeSourceOptions = z.output<typeof optionsSchema>;

/** Validates `spec.source.kustomize`; unknown fields (e.g. `version`) are ignored. */
export function parseSourceOptions(raw: Record<string, unknown>): KustomizeSourceOptions {
  const parsed = optionsSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new RenderError(
      `source.kustomize.${issue?.path.join('.') ?? ''}: ${issue?.message ?? 'invalid'}`,
      { cause: parsed.error, data: { field: issue?.path.join('.') } },
    );
  }
  return parsed.data;
}
