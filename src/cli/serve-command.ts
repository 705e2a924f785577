import { Command } from 'commander';
import { untilSignal } from './until-signal.js';

export function serveCommand(): Command {
  return new Command('serve')
    .description(
      'run Ferry: on the embedded control plane by default, or on a cluster with --kubeconfig',
    )
    .option('--demo', 'create a local example Git repository and register apps from it')
    .option('--repo <url>', 'register an app for this Git repository (http(s) URL or local path)')
    .option('--path <dir>', 'directory of the app inside the repository')
    .option('--revision <rev>', 'branch, tag or commit to follow')
    .option('--app <name>', 'name of the app registered by --repo (default: from the path)')
    .option('--dest-namespace <ns>', 'namespace for the app resources')
    .option('--port <port>', 'HTTP port of the API and dashboard')
    .option('--host <host>', 'address to bind')
    .option('--data-dir <dir>', 'where Ferry keeps its state')
    .option('--kubeconfig <file>', 'manage this cluster instead of the embedded control plane')
    .option('--in-cluster', "manage the cluster of Ferry's pod, through its ServiceAccount")
    .option(
      '--managed-namespaces <list>',
      'manage only these namespaces (comma-separated), watched one by one, for RBAC that grants Roles in them alone',
    )
    .option(
      '--config <file>',
      'YAML with global ignoreDifferences, custom health checks and repository credentials',
    )
    .option('--repo-cache-size <size>', 'disk bound of the Git clones, e.g. 2Gi (default 2Gi)')
    .option(
      '--chart-cache-size <size>',
      'disk bound of the downloaded Helm charts, e.g. 1Gi (default 1Gi)',
    )
    .option('--repo-max-files <n>', 'most files one render reads from a commit (default 10000)')
    .option('--repo-max-file-size <size>', 'largest file a render reads (default 16Mi)')
    .option('--redis-url <url>', 'share sync work with other replicas through Redis (BullMQ)')
    .option('--sync-timeout <duration>', 'how long a sync operation may run (default 10m)')
    .option(
      '--sync-lock-duration <duration>',
      'with --redis-url: how long a replica holds a sync step before another may take it over (default 10s)',
    )
    .option(
      '--sync-stalled-interval <duration>',
      'with --redis-url: how often replicas look for steps of a replica that died (default 5s)',
    )
    .option('--concurrency <n>', 'apps compared at once, and sync steps run at once (default 32)')
    .option('--poll-interval <duration>', 'how often to look for new commits (e.g. 30s, 2m)')
    .option('--log-level <level>', 'fatal, error, warn, info, debug or trace')
    .option('--no-metrics', 'do not serve Prometheus metrics at /metrics')
    .action(async (flags: Record<string, unknown>) => {
      // Loaded on use, so that other verbs start fast.
      // `--no-metrics` leaves `metrics: true` when absent; let FERRY_METRICS decide then.
      if (flags['metrics'] === true) delete flags['metrics'];
      const { loadServeConfig } = await import('../config.js');
      const { createLogger } = await import('../logger.js');
      const { startServer } = await import('../server.js');
      const config = loadServeConfig(flags);
      const log = createLogger(config.logLevel);
      const server = await startServer(config, log);
      process.stdout.write(`Ferry is running. Dashboard: ${server.url}\n`);
      if (server.adminTokenGenerated && server.adminToken !== undefined) {
        process.stdout.write(
          `Admin token (shown once, stored hashed in ${server.adminTokenFile}):\n  ${server.adminToken}\n` +
            `Sign in to the dashboard with it, or: ferry login --server ${server.url} --token <token>\n`,
        );
      } else if (server.adminToken === undefined) {
        process.stdout.write(
          `Sign in with the admin token printed on first start (to reset it, delete ${server.adminTokenFile} and restart, or set FERRY_ADMIN_TOKEN).\n`,
        );
      }
      if (server.kubeconfigPath !== undefined) {
        process.stdout.write(`kubectl --kubeconfig ${server.kubeconfigPath} get applications -A\n`);
      }
      const signal = await untilSignal();
      log.info({ signal }, 'stopping');
      await server.stop();
    });
}
