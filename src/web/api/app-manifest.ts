import { z } from 'zod';
import {
  APPLICATION_API_VERSION,
  APPLICATION_KIND,
  type Application,
} from '../../model/application.js';
import { WebError } from '../api-errors.js';

/** Argo CD's Application API version, accepted and converted on create and import. */
export const ARGO_API_VERSION = 'argoproj.io/v1alpha1';

/** Finalizers only Argo CD's own controller knows how to remove. */
const ARGO_FINALIZERS = /argoproj\.io/;

const dnsName = z
  .string()
  .min(1)
  .max(253)
  .regex(/^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/, 'must be a lowercase DNS name');

const sourceSchema = z.looseObject({
  repoURL: z.string().min(1),
  path: z.string().optional(),
  targetRevision: z.string().optional(),
});

const manifestSchema = z.looseObject({
  apiVersion: z.string().optional(),
  kind: z.string().optional(),
  metadata: z.looseObject({
    name: dnsName,
    namespace: z.string().optional(),
    labels: z.record(z.string(), z.string()).optional(),
    annotations: z.record(z.string(), z.string()).optional(),
    finalizers: z.array(z.string()).optional(),
  }),
  spec: z.looseObject({
    source: sourceSchema.optional(),
    sources: z.array(sourceSchema).optional(),
    destination: z.looseObject({
      server: z.string().optional(),
      name: z.string().optional(),
      namespace: z.string().optional(),
    }),
  }),
});

/**
 * An Application to create from a manifest: Ferry's own, or Argo CD's converted (API version,
 * namespace, a single `sources` entry, Argo CD finalizers dropped). Status and operation are
 * never taken from input. Throws WebError INVALID_ARGUMENT naming what is wrong.
 */
export function applicationFromManifest(input: unknown, namespace: string): Application {
  const parsed = manifestSchema.safeParse(input);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.') || 'body'}: ${i.message}`);
    throw new WebError(400, 'INVALID_ARGUMENT', `invalid Application: ${problems.join('; ')}`);
  }
  const doc = parsed.data;
  const apiVersion = doc.apiVersion ?? APPLICATION_API_VERSION;
  if (apiVersion !== APPLICATION_API_VERSION && apiVersion !== ARGO_API_VERSION) {
    throw new WebError(
      400,
      'INVALID_ARGUMENT',
      `apiVersion ${apiVersion} is not an Application; expected ${APPLICATION_API_VERSION} or ${ARGO_API_VERSION}`,
    );
  }
  if ((doc.kind ?? APPLICATION_KIND) !== APPLICATION_KIND) {
    throw new WebError(400, 'INVALID_ARGUMENT', `kind ${doc.kind} is not Application`);
  }
  const { sources, ...specRest } = doc.spec;
  let source = doc.spec.source;
  if (source === undefined && sources !== undefined) {
    if (sources.length !== 1) {
      throw new WebError(
        400,
        'INVALID_ARGUMENT',
        `spec.sources has ${sources.length} entries; Ferry supports one source per Application`,
      );
    }
    source = sources[0];
  }
  if (source === undefined) {
    throw new WebError(400, 'INVALID_ARGUMENT', 'spec.source.repoURL is required');
  }
  const { name, labels, annotations, finalizers } = doc.metadata;
  const kept = (finalizers ?? []).filter((f) => !ARGO_FINALIZERS.test(f));
  return {
    apiVersion: APPLICATION_API_VERSION,
    kind: APPLICATION_KIND,
    metadata: {
      name,
      namespace,
      ...(labels === undefined ? {} : { labels }),
      ...(annotations === undefined ? {} : { annotations }),
      ...(kept.length === 0 ? {} : { finalizers: kept }),
    },
    spec: { ...specRest, source } as Application['spec'],
  };
}
