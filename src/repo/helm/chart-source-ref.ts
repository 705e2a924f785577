import { RepoError } from '../../model/errors.js';
import { REPO_ERROR_REASON } from '../repo-errors.js';

/** Where a chart lives: a classic Helm repository (`index.yaml`) or an OCI registry. */
export type ChartLocation =
  | {
      kind: 'http';
      /** The repository URL, without a trailing slash. */ repoURL: string;
      chart: string;
    }
  | {
      kind: 'oci';
      /** `host[:port]` of the registry. */
      host: string;
      /** The repository name inside the registry, e.g. `charts/nginx`. */
      name: string;
      /** Talk plain HTTP: only for a registry on the loopback interface. */
      plainHttp: boolean;
      chart: string;
    };

const LOOPBACK = /^(localhost|127(?:\.\d{1,3}){3}|\[::1\])(?::\d+)?$/iu;

/**
 * Reads an Application's chart source, as Argo CD does: `https://…` is a Helm repository
 * serving `index.yaml`; `oci://host/path` — or a registry host without a scheme, Argo CD's
 * form — is an OCI registry holding the chart at `path/<chart>`.
 */
export function chartLocation(repoURL: string, chart: string | undefined): ChartLocation {
  const url = repoURL.trim();
  const name = (chart ?? '').trim();
  const fail = (message: string): never => {
    throw new RepoError(message, {
      data: { repoURL: url, chart: name, reason: REPO_ERROR_REASON.unsupported },
    });
  };
  if (/^https?:\/\//iu.test(url)) {
    if (name === '') fail(`a Helm repository source needs spec.source.chart (${url})`);
    return { kind: 'http', repoURL: url.replace(/\/+$/u, ''), chart: name };
  }
  const rest = url.replace(/^oci:\/\//iu, '').replace(/\/+$/u, '');
  if (/^[a-z][a-z0-9+.-]*:\/\//iu.test(rest) || rest === '') {
    fail(`unsupported chart repository ${url}: use https://, oci:// or a registry host`);
  }
  const slash = rest.indexOf('/');
  const host = slash === -1 ? rest : rest.slice(0, slash);
  const path = slash === -1 ? '' : rest.slice(slash + 1);
  const repoName = [path, name].filter((p) => p !== '').join('/');
  if (repoName === '') fail(`an OCI chart source needs spec.source.chart (${url})`);
  const last = repoName.slice(repoName.lastIndexOf('/') + 1);
  return { kind: 'oci', host, name: repoName, plainHttp: LOOPBACK.test(host), chart: last };
}

/** How a location reads in messages: `https://charts.example.com` chart `nginx`. */
export function describeChartLocation(location: ChartLocation): string {
  return location.kind === 'http'
    ? `chart ${location.chart} in ${location.repoURL}`
    : `chart oci://${location.host}/${location.name}`;
}
