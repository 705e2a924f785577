import { existsSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import path from 'node:path';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { SERVICE_ACCOUNT_DIR, type InClusterSettings } from './cluster/in-cluster-settings.js';
import type { CompareSettings } from './controller/compare-settings.js';
import { parseIgnoreDifferences } from './diff/ignore-differences.js';
import { healthChecksWith } from './health/custom-health.js';
import { parseQuantity, quantityToNumber } from './kube/quantity.js';
import { DEFAULT_APP_NAMESPACE } from './model/application.js';
import { parseDuration } from './model/duration.js';
import { ConfigError } from './model/errors.js';
import type { CredentialEntry } from './repo/credentials.js';

const duration = z.string().transform((text, ctx) => {
  const ms = parseDuration(text);
  if (ms === undefined) {
    ctx.addIssue({
      code: 'custom',
      message: `"${text}" is not a duration such as 30s, 2m or 500ms`,
    });
    return z.NEVER;
  }
  return ms;
});

/** A size in bytes, written as a Kubernetes quantity: `2Gi`, `500Mi`, `1G`, `1048576`. */
const byteSize = z.union([z.number(), z.string()]).transform((value, ctx) => {
  const quantity = parseQuantity(value);
  const bytes = quantity === undefined ? NaN : Math.floor(quantityToNumber(quantity));
  if (!Number.isFinite(bytes) || bytes <= 0) {
    ctx.addIssue({ code: 'custom', message: `"${value}" is not a size such as 2Gi, 500Mi or 1G` });
    return z.NEVER;
  }
  return bytes;
});

/** A DNS-1123 label, which every namespace name is. */
const NAMESPACE_NAME = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;

/** A comma-separated list of namespaces, e.g. `team-a,team-b`; empty means none were given. */
const namespaceList = z.string().transform((text, ctx) => {
  const names = [...new Set(text.split(',').map((n) => n.trim()))].filter((n) => n !== '');
  for (const name of names) {
    if (!NAMESPACE_NAME.test(name)) {
      ctx.addIssue({ code: 'custom', message: `"${name}" is not a namespace name` });
      return z.NEVER;
    }
  }
  return names.length === 0 ? undefined : names;
});

const DEMO_POLL_MS = 10_000;

const port = z.coerce.number().int().min(0).max(65535);

const serveSchema = z.object({
  dataDir: z.string().default('.ferry'),
  host: z.string().default('127.0.0.1'),
  port: port.default(8080),
  kubeconfig: z.string().optional(),
  controlPlanePort: port.default(0),
  demo: z.boolean().default(false),
  repo: z.string().optional(),
  path: z.string().default('.'),
  revision: z.string().default('HEAD'),
  app: z.string().optional(),
  destNamespace: z.string().default('default'),
  appNamespace: z.string().default(DEFAULT_APP_NAMESPACE),
  /**
   * The namespaces Ferry manages when it may not manage the whole cluster (Argo CD's cluster
   * `namespaces`, the chart's namespaced mode): it watches resources in each of them alone,
   * and an app with resources in any other gets an error. Unset: every namespace.
   */
  managedNamespaces: namespaceList.optional(),
  pollInterval: duration.optional(),
  syncTimeout: duration.default(600_000),
  /** Apps compared at once, and sync steps run at once. */
  concurrency: z.coerce.number().int().min(1).max(1024).default(32),
  logLevel: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  redisUrl: z.string().optional(),
  /** How long a replica holds a sync step before others may take it over (BullMQ lock). */
  syncLockDuration: duration.default(10_000),
  /** How often replicas look for sync steps whose replica died (BullMQ stalled check). */
  syncStalledInterval: duration.default(5_000),
  /** Manage the cluster Ferry's pod runs in, through its ServiceAccount. */
  inCluster: z
    .union([z.boolean(), z.enum(['true', 'false']).transform((v) => v === 'true')])
    .default(false),
  /** Where the pod's ServiceAccount is mounted, for in-cluster config. */
  serviceAccountDir: z.string().default(SERVICE_ACCOUNT_DIR),
  config: z.string().optional(),
  /** How much disk the clones under `<dataDir>/repos` may take before old ones are removed. */
  repoCacheSize: byteSize.default(2 * 2 ** 30),
  /** How much disk the chart archives under `<dataDir>/charts` may take before old ones go. */
  chartCacheSize: byteSize.default(2 ** 30),
  /** The most files one render reads from a commit. */
  repoMaxFiles: z.coerce.number().int().min(1).default(10_000),
  /** The largest file a render reads from a commit. */
  repoMaxFileSize: byteSize.default(16 * 2 ** 20),
  /** Bearer token with the admin role; when unset, one is generated and stored hashed. */
  adminToken: z.string().min(16).optional(),
  /** Bearer token with the readonly role. */
  readonlyToken: z.string().min(16).optional(),
  /** Shared secret for every webhook provider that has no secret of its own. */
  webhookSecret: z.string().min(1).optional(),
  webhookGithubSecret: z.string().min(1).optional(),
  webhookGitlabSecret: z.string().min(1).optional(),
  webhookBitbucketSecret: z.string().min(1).optional(),
  webhookGiteaSecret: z.string().min(1).optional(),
  webhookGenericSecret: z.string().min(1).optional(),
  /** How far a generic webhook's timestamp may be from now. */
  webhookTolerance: duration.default(300_000),
  /** Serve Prometheus metrics at /metrics. */
  metrics: z
    .union([z.boolean(), z.enum(['true', 'false']).transform((v) => v === 'true')])
    .default(true),
});

export type ServeConfig = Omit<z.output<typeof serveSchema>, 'inCluster'> & {
  /** Poll period and jitter in ms, resolved from pollInterval or Argo CD's 120 s + 60 s. */
  poll: { intervalMs: number; jitterMs: number };
  /** Global ignoreDifferences and custom health checks from the config file. */
  compareSettings: CompareSettings;
  /** Repository credentials from the config file's `repositories` list. */
  repositories: CredentialEntry[];
  /**
   * The cluster Ferry's pod runs in, with `--in-cluster`; without it and without a
   * kubeconfig, Ferry starts its embedded control plane, even inside a pod.
   */
  inCluster?: InClusterSettings;
};

/** Environment variables Ferry reads, each standing in for the flag of the same meaning. */
const ENV_FLAGS: Record<string, keyof z.input<typeof serveSchema>> = {
  FERRY_DATA_DIR: 'dataDir',
  FERRY_HOST: 'host',
  FERRY_PORT: 'port',
  FERRY_KUBECONFIG: 'kubeconfig',
  FERRY_POLL_INTERVAL: 'pollInterval',
  FERRY_LOG_LEVEL: 'logLevel',
  FERRY_REDIS_URL: 'redisUrl',
  FERRY_SYNC_LOCK_DURATION: 'syncLockDuration',
  FERRY_SYNC_STALLED_INTERVAL: 'syncStalledInterval',
  FERRY_IN_CLUSTER: 'inCluster',
  FERRY_SERVICE_ACCOUNT_DIR: 'serviceAccountDir',
  FERRY_CONCURRENCY: 'concurrency',
  FERRY_CONFIG: 'config',
  FERRY_REPO_CACHE_SIZE: 'repoCacheSize',
  FERRY_CHART_CACHE_SIZE: 'chartCacheSize',
  FERRY_REPO_MAX_FILES: 'repoMaxFiles',
  FERRY_REPO_MAX_FILE_SIZE: 'repoMaxFileSize',
  FERRY_ADMIN_TOKEN: 'adminToken',
  FERRY_READONLY_TOKEN: 'readonlyToken',
  FERRY_WEBHOOK_SECRET: 'webhookSecret',
  FERRY_WEBHOOK_GITHUB_SECRET: 'webhookGithubSecret',
  FERRY_WEBHOOK_GITLAB_SECRET: 'webhookGitlabSecret',
  FERRY_WEBHOOK_BITBUCKET_SECRET: 'webhookBitbucketSecret',
  FERRY_WEBHOOK_GITEA_SECRET: 'webhookGiteaSecret',
  FERRY_WEBHOOK_GENERIC_SECRET: 'webhookGenericSecret',
  FERRY_WEBHOOK_TOLERANCE: 'webhookTolerance',
  FERRY_METRICS: 'metrics',
  FERRY_MANAGED_NAMESPACES: 'managedNamespaces',
};

/**
 * The one place that reads flags and the environment. Flags win over environment
 * variables, which win over defaults. Throws ConfigError naming each bad setting.
 */
export function loadServeConfig(
  flags: Record<string, unknown>,
  env: NodeJS.ProcessEnv = process.env,
): ServeConfig {
  const merged: Record<string, unknown> = {};
  for (const [name, key] of Object.entries(ENV_FLAGS)) {
    const value = env[name];
    if (value !== undefined && value !== '') merged[key] = value;
  }
  for (const [key, value] of Object.entries(flags)) {
    if (value !== undefined) merged[key] = value;
  }
  const parsed = serveSchema.safeParse(merged);
  if (!parsed.success) {
    const problems = parsed.error.issues.map(
      (i) => `${i.path.join('.') || 'config'}: ${i.message}`,
    );
    throw new ConfigError(`invalid configuration: ${problems.join('; ')}`, { data: { problems } });
  }
  const config = parsed.data;
  // The demo's repository lives on this machine, so polling it often costs nothing.
  const interval = config.pollInterval ?? (config.demo ? DEMO_POLL_MS : undefined);
  const poll =
    interval === undefined
      ? { intervalMs: 120_000, jitterMs: 60_000 }
      : { intervalMs: interval, jitterMs: Math.min(60_000, Math.floor(interval / 2)) };
  const compareSettings = config.config === undefined ? {} : loadSettingsFile(config.config);
  const repositories = config.config === undefined ? [] : loadRepositoriesFile(config.config, env);
  const { inCluster: wantsInCluster, ...rest } = config;
  if (wantsInCluster && config.kubeconfig !== undefined) {
    throw new ConfigError('--in-cluster and --kubeconfig name two clusters: pass one of them');
  }
  const inCluster = wantsInCluster ? inClusterSettings(config, env) : undefined;
  return {
    ...rest,
    dataDir: path.resolve(config.dataDir),
    poll,
    compareSettings,
    repositories,
    ...(inCluster === undefined ? {} : { inCluster }),
  };
}

/**
 * The pod's cluster, found as client-go finds it: KUBERNETES_SERVICE_HOST and _PORT, and
 * the ServiceAccount mount. Throws ConfigError when any of them is missing.
 */
function inClusterSettings(
  config: { serviceAccountDir: string },
  env: NodeJS.ProcessEnv,
): InClusterSettings {
  const host = nonEmpty(env['KUBERNETES_SERVICE_HOST']);
  const servicePort = nonEmpty(env['KUBERNETES_SERVICE_PORT']);
  if (host === undefined || servicePort === undefined) {
    throw new ConfigError(
      '--in-cluster needs KUBERNETES_SERVICE_HOST and KUBERNETES_SERVICE_PORT, which Kubernetes sets in every pod',
    );
  }
  const serviceAccountDir = path.resolve(config.serviceAccountDir);
  if (!existsSync(path.join(serviceAccountDir, 'token'))) {
    throw new ConfigError(
      `Ferry runs in a pod (KUBERNETES_SERVICE_HOST is set) but has no ServiceAccount token in ${serviceAccountDir}: ` +
        'mount one (automountServiceAccountToken: true), or pass --kubeconfig',
      { data: { serviceAccountDir } },
    );
  }
  return { host, port: servicePort, serviceAccountDir };
}

/**
 * Reads Ferry's config file: `ignoreDifferences` (global rules, as in an Application) and
 * `health.checks` (custom health, see docs/custom-health.md); `repositories` is read by
 * {@link loadRepositoriesFile}.
 */
export function loadSettingsFile(file: string): CompareSettings {
  const doc = readConfigFile(file);
  const known = new Set(['ignoreDifferences', 'health', 'repositories']);
  const unknown = Object.keys(doc).filter((k) => !known.has(k));
  if (unknown.length > 0) {
    throw new ConfigError(
      `${file}: unknown setting(s) ${unknown.join(', ')}; expected ignoreDifferences, health, repositories`,
    );
  }
  try {
    return {
      ignoreDifferences: parseIgnoreDifferences(doc['ignoreDifferences'], 'ignoreDifferences'),
      healthChecks: healthChecksWith(doc['health']),
    };
  } catch (cause) {
    throw new ConfigError(`${file}: ${cause instanceof Error ? cause.message : String(cause)}`, {
      cause,
      data: { file },
    });
  }
}

function readConfigFile(file: string): Record<string, unknown> {
  let raw: unknown;
  try {
    raw = parseYaml(readFileSync(file, 'utf8')) ?? {};
  } catch (cause) {
    throw new ConfigError(`cannot read config file ${file}`, { cause, data: { file } });
  }
  return (typeof raw === 'object' && raw !== null ? raw : {}) as Record<string, unknown>;
}

const repositorySchema = z
  .strictObject({
    /** One repository. */
    url: z.string().min(1).optional(),
    /** Every repository whose URL starts with this, like Argo CD's credential templates. */
    urlPrefix: z.string().min(1).optional(),
    username: z.string().optional(),
    /** Written in the file; prefer passwordEnv or tokenEnv. */
    password: z.string().optional(),
    /** The environment variable that holds the password. */
    passwordEnv: z.string().min(1).optional(),
    /** The environment variable that holds a token (sent as the password, any username). */
    tokenEnv: z.string().min(1).optional(),
  })
  .refine((r) => (r.url === undefined) !== (r.urlPrefix === undefined), {
    message: 'give exactly one of url and urlPrefix',
  })
  .refine(
    (r) => [r.password, r.passwordEnv, r.tokenEnv].filter((v) => v !== undefined).length === 1,
    { message: 'give exactly one of password, passwordEnv and tokenEnv' },
  );

/**
 * The `repositories` list of Ferry's config file: credentials per repository (`url`) or per
 * URL prefix (`urlPrefix`), with the secret itself best kept in an environment variable
 * (`passwordEnv`, `tokenEnv`). Errors name the entry and the variable, never a value.
 */
export function loadRepositoriesFile(
  file: string,
  env: NodeJS.ProcessEnv = process.env,
): CredentialEntry[] {
  const list = readConfigFile(file)['repositories'] ?? [];
  const parsed = z.array(repositorySchema).safeParse(list);
  if (!parsed.success) {
    const problems = parsed.error.issues.map(
      (i) => `repositories${issuePath(i.path)}: ${i.message}`,
    );
    throw new ConfigError(`${file}: ${problems.join('; ')}`, { data: { file, problems } });
  }
  return parsed.data.map((entry, i) => {
    const fromEnv = (name: string): string => {
      const value = nonEmpty(env[name]);
      if (value === undefined) {
        throw new ConfigError(
          `${file}: repositories[${i}]: environment variable ${name} is not set`,
          { data: { file, variable: name } },
        );
      }
      return value;
    };
    const username = entry.username === undefined ? {} : { username: entry.username };
    const credentials =
      entry.tokenEnv !== undefined
        ? { ...username, token: fromEnv(entry.tokenEnv) }
        : { ...username, password: entry.password ?? fromEnv(entry.passwordEnv!) };
    const source = `${file} repositories[${i}]`;
    return entry.url !== undefined
      ? { url: entry.url, credentials, source }
      : { urlPrefix: entry.urlPrefix!, credentials, source };
  });
}

function issuePath(segments: PropertyKey[]): string {
  return segments.map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`)).join('');
}

const controlPlaneSchema = z.object({
  dataDir: z.string().default('.ferry/controlplane'),
  host: z.string().default('127.0.0.1'),
  port: port.default(6443),
  kubeconfigOut: z.string().optional(),
});

export type ControlPlaneConfig = z.output<typeof controlPlaneSchema>;

export function loadControlPlaneConfig(flags: Record<string, unknown>): ControlPlaneConfig {
  const parsed = controlPlaneSchema.safeParse(
    Object.fromEntries(Object.entries(flags).filter(([, v]) => v !== undefined)),
  );
  if (!parsed.success) {
    const problems = parsed.error.issues.map(
      (i) => `${i.path.join('.') || 'config'}: ${i.message}`,
    );
    throw new ConfigError(`invalid configuration: ${problems.join('; ')}`, { data: { problems } });
  }
  return { ...parsed.data, dataDir: path.resolve(parsed.data.dataDir) };
}

/** Where the CLI finds Ferry and its token: flags, then FERRY_SERVER / FERRY_TOKEN, then a saved login. */
export interface ClientConfig {
  server?: string;
  token?: string;
  /** Directory of the saved login (`$XDG_CONFIG_HOME/ferry`, else `~/.config/ferry`). */
  configDir: string;
}

export function loadClientConfig(
  flags: { server?: string | undefined; token?: string | undefined },
  env: NodeJS.ProcessEnv = process.env,
): ClientConfig {
  const server = flags.server ?? nonEmpty(env['FERRY_SERVER']);
  const token = flags.token ?? nonEmpty(env['FERRY_TOKEN']);
  const base = nonEmpty(env['XDG_CONFIG_HOME']) ?? path.join(homedir(), '.config');
  return {
    ...(server === undefined ? {} : { server }),
    ...(token === undefined ? {} : { token }),
    configDir: nonEmpty(env['FERRY_CONFIG_DIR']) ?? path.join(base, 'ferry'),
  };
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value === '' ? undefined : value;
}
