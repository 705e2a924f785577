import { z } from 'zod';
import type { ApplicationSource } from '../model/application.js';
import { RenderError } from '../model/errors.js';
import type { ChartFetcher } from './helm/chart/chart-fetcher.js';
import type { HelmRenderOptions } from './helm/index.js';

/** Where an app's manifests go and what it is called: Helm's release name and namespace. */
export interface RenderContext {
  appName?: string;
  namespace?: string;
  /**
   * Fetches Helm dependencies not vendored in charts/. Not a render option: leave it out of
   * render cache keys.
   */
  charts?: ChartFetcher;
}

const parameter = z.object({
  name: z.string(),
  value: z.string().default(''),
  forceString: z.boolean().optional(),
});

const helmSourceSchema = z.object({
  releaseName: z.string().optional(),
  valueFiles: z.array(z.string()).optional(),
  ignoreMissingValueFiles: z.boolean().optional(),
  values: z.string().optional(),
  valuesObject: z.record(z.string(), z.unknown()).optional(),
  parameters: z.array(parameter).optional(),
  fileParameters: z.array(z.object({ name: z.string(), path: z.string() })).optional(),
  skipCrds: z.boolean().optional(),
  skipTests: z.boolean().optional(),
  kubeVersion: z.string().optional(),
  apiVersions: z.array(z.string()).optional(),
});

/**
 * Argo CD's `source.helm` as Helm render options. As in Argo CD, the release name defaults
 * to the app's name and CRDs are included unless `skipCrds` is set.
 */
export function helmOptionsFor(
  source: ApplicationSource,
  context: RenderContext = {},
): HelmRenderOptions {
  const parsed = helmSourceSchema.safeParse(source.helm ?? {});
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => `source.helm.${i.path.join('.')}: ${i.message}`);
    throw new RenderError(`invalid helm options: ${issues.join('; ')}`, { data: { issues } });
  }
  const helm = parsed.data;
  const releaseName = helm.releaseName ?? context.appName;
  return {
    ...(releaseName === undefined ? {} : { releaseName }),
    ...(context.namespace === undefined ? {} : { namespace: context.namespace }),
    ...(helm.valueFiles ? { valueFiles: helm.valueFiles } : {}),
    ...(helm.ignoreMissingValueFiles ? { ignoreMissingValueFiles: true } : {}),
    ...(helm.values ? { values: helm.values } : {}),
    ...(helm.valuesObject ? { valuesObject: helm.valuesObject } : {}),
    ...(helm.parameters ? { parameters: helm.parameters } : {}),
    ...(helm.fileParameters ? { fileParameters: helm.fileParameters } : {}),
    ...(context.charts === undefined ? {} : { charts: context.charts }),
    ...(helm.kubeVersion ? { kubeVersion: helm.kubeVersion } : {}),
    ...(helm.apiVersions ? { apiVersions: helm.apiVersions } : {}),
    includeCrds: helm.skipCrds !== true,
    skipTests: helm.skipTests === true,
  };
}
