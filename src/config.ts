import { existsSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import path from 'node:path';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { SERVICE_ACCOUNT_DIR, type InClusterSettings } from './cluster/in-cluster-config.js';
import type { CompareSettings } from './controller/compare-settings.js';
import { parseIgnoreDifferences } from './diff/ignore-differences.js';
import { healthChecksWith } from './health/custom-health.js';
import { DEFAULT_APP_NAMESPACE } from './model/application.js';
import { parseDuration } from './model/duration.js';
import { ConfigError } from './model/errors.js';

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
  /** Where the pod's ServiceAccount is mounted, for in-cluster config. */
  serviceAccountDir: z.string().default(SERVICE_ACCOUNT_DIR),
  config: z.string().optional(),
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

export type ServeConfig = z.output<typeof serveSchema> & {
  /** Poll period and jitter in ms, resolved from pollInterval or Argo CD's 120 s + 60 s. */
  poll: { intervalMs: number; jitterMs: number };
  /** Global ignoreDifferences and custom health checks from the config file. */
  compareSettings: CompareSettings;
  /**
   * The cluster Ferry runs in, when it runs in a pod (KUBERNETES_SERVICE_HOST and _PORT set)
   * and no kubeconfig is given; otherwise Ferry starts its embedded control plane.
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
  FERRY_SERVICE_ACCOUNT_DIR: 'serviceAccountDir',
  FERRY_CONCURRENCY: 'concurrency',
  FERRY_CONFIG: 'config',
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
  const inCluster = config.kubeconfig === undefined ? inClusterSettings(config, env) : undefined;
  return {
    ...config,
    dataDir: path.resolve(config.dataDir),
    poll,
    compareSettings,
    ...(inCluster === undefined ? {} : { inCluster }),
  };
}

/**
 * In a pod, as client-go decides: KUBERNETES_SERVICE_HOST and KUBERNETES_SERVICE_PORT are
 * set. Throws ConfigError when the pod has no ServiceAccount token to talk to its cluster.
 */
function inClusterSettings(
  config: { serviceAccountDir: string },
  env: NodeJS.ProcessEnv,
): InClusterSettings | undefined {
  const host = nonEmpty(env['KUBERNETES_SERVICE_HOST']);
  const servicePort = nonEmpty(env['KUBERNETES_SERVICE_PORT']);
  if (host === undefined || servicePort === undefined) return undefined;
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
 * `health.checks` (custom health, see docs/custom-health.md).
 */
export function loadSettingsFile(file: string): CompareSettings {
  let raw: unknown;
  try {
    raw = parseYaml(readFileSync(file, 'utf8')) ?? {};
  } catch (cause) {
    throw new ConfigError(`cannot read config file ${file}`, { cause, data: { file } });
  }
  const doc = (typeof raw === 'object' && raw !== null ? raw : {}) as Record<string, unknown>;
  const known = new Set(['ignoreDifferences', 'health']);
  const unknown = Object.keys(doc).filter((k) => !known.has(k));
  if (unknown.length > 0) {
    throw new ConfigError(
      `${file}: unknown setting(s) ${unknown.join(', ')}; expected ignoreDifferences, health`,
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
