import type { Request } from 'express';
import { z } from 'zod';
import { WebError } from '../api-errors.js';
import type { AppFilter } from './app-index.js';

const list = z
  .union([z.string(), z.array(z.string())])
  .optional()
  .transform((v) =>
    (Array.isArray(v) ? v : v === undefined ? [] : [v])
      .flatMap((s) => s.split(','))
      .map((s) => s.trim())
      .filter((s) => s !== ''),
  );

const querySchema = z.object({
  limit: z.coerce.number().int().min(1).max(10_000).optional(),
  continue: z.string().max(1024).optional(),
  search: z.string().max(256).optional(),
  sync: list,
  health: list,
  view: z.enum(['full', 'summary']).default('full'),
});

export interface ListQuery {
  filter: AppFilter;
  limit?: number;
  continue?: string;
  view: 'full' | 'summary';
}

/** `?limit=&continue=&search=&sync=a,b&health=c&view=summary` of the applications list. */
export function parseListQuery(req: Request): ListQuery {
  const parsed = querySchema.safeParse(req.query);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
    throw new WebError(400, 'INVALID_ARGUMENT', `bad query: ${problems.join('; ')}`);
  }
  const q = parsed.data;
  return {
    filter: {
      ...(q.search === undefined ? {} : { search: q.search }),
      sync: q.sync,
      health: q.health,
    },
    ...(q.limit === undefined ? {} : { limit: q.limit }),
    ...(q.continue === undefined ? {} : { continue: q.continue }),
    view: q.view,
  };
}
