import type { ChartMetadata } from './chart/chart.js';
import { GoStruct } from './template/go-value.js';

const str = (v: unknown): string => (v === undefined || v === null ? '' : String(v));
const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
const map = (v: unknown): Record<string, unknown> =>
  v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {};

/** `.Chart`: Chart.yaml's fields under Helm's Go field names (Name, Version, AppVersion…). */
export function chartObject(m: ChartMetadata): GoStruct {
  return new GoStruct('*chart.Metadata', {
    Name: str(m.name),
    Home: str(m.home),
    Sources: list(m.sources),
    Version: str(m.version),
    Description: str(m.description),
    Keywords: list(m.keywords),
    Maintainers: list(m.maintainers).map(
      (x) =>
        new GoStruct('*chart.Maintainer', {
          Name: str(map(x)['name']),
          Email: str(map(x)['email']),
          URL: str(map(x)['url']),
        }),
    ),
    Icon: str(m.icon),
    APIVersion: str(m.apiVersion),
    Condition: str(m.condition),
    Tags: str(m.tags),
    AppVersion: str(m.appVersion),
    Deprecated: m.deprecated === true,
    Annotations: map(m.annotations),
    KubeVersion: str(m.kubeVersion),
    Dependencies: list(m.dependencies).map((d) => {
      const x = map(d);
      return new GoStruct('*chart.Dependency', {
        Name: str(x['name']),
        Version: str(x['version']),
        Repository: str(x['repository']),
        Condition: str(x['condition']),
        Tags: list(x['tags']),
        Enabled: x['enabled'] !== false,
        ImportValues: list(x['import-values']),
        Alias: str(x['alias']),
      });
    }),
    Type: str(m.type),
  });
}
