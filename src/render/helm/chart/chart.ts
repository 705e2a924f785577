import type { ChartFile } from '../files.js';

/** One `dependencies` entry of Chart.yaml (or requirements.yaml for apiVersion v1). */
export interface ChartDependency {
  name: string;
  version?: string;
  repository?: string;
  condition?: string;
  tags?: string[];
  alias?: string;
  'import-values'?: (string | { child: string; parent: string })[];
  enabled?: boolean;
}

/** Chart.yaml's fields, as Helm's chart.Metadata reads them. */
export interface ChartMetadata {
  apiVersion: string;
  name: string;
  version: string;
  kubeVersion?: string;
  description?: string;
  type?: string;
  keywords?: string[];
  home?: string;
  sources?: string[];
  dependencies?: ChartDependency[];
  maintainers?: { name?: string; email?: string; url?: string }[];
  icon?: string;
  appVersion?: string;
  deprecated?: boolean;
  annotations?: Record<string, string>;
  condition?: string;
  tags?: string;
  [field: string]: unknown;
}

/** A loaded chart: its metadata, defaults, templates, other files and subcharts. */
export interface Chart {
  metadata: ChartMetadata;
  /** values.yaml, parsed (numbers are float64, as Helm reads them). */
  values: Record<string, unknown>;
  /** values.schema.json, parsed, when present. */
  schema: unknown;
  /** Files under templates/, named `templates/…`. */
  templates: ChartFile[];
  /** Every other file Helm exposes through `.Files` (crds/ included). */
  files: ChartFile[];
  /** Subcharts from charts/. */
  dependencies: Chart[];
  /** Where the chart was read from in the source tree, for messages. */
  sourcePath: string;
}

export function isLibrary(chart: Chart): boolean {
  return chart.metadata.type === 'library';
}
