import { parseIgnoreDifferences, type IgnoreDifference } from '../diff/ignore-differences.js';
import type { HealthCheck } from '../health/types.js';
import type { Application } from '../model/application.js';
import type { CompareAppOptions } from './app-state.js';

/** Comparison settings from Ferry's config, shared by every app. */
export interface CompareSettings {
  /** Global ignoreDifferences rules, applied to every app's resources. */
  ignoreDifferences?: readonly IgnoreDifference[];
  /** Health checks by `group/Kind`, built-in and custom. */
  healthChecks?: Readonly<Record<string, HealthCheck>>;
}

/** An app's comparison options: the global settings plus its own ignoreDifferences. */
export function compareOptionsFor(
  app: Application,
  settings: CompareSettings = {},
): CompareAppOptions {
  const own = parseIgnoreDifferences(app.spec.ignoreDifferences, 'spec.ignoreDifferences');
  return {
    compare: { ignoreDifferences: [...(settings.ignoreDifferences ?? []), ...own] },
    ...(settings.healthChecks === undefined ? {} : { healthChecks: settings.healthChecks }),
  };
}
