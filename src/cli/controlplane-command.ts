import { Command } from 'commander';
import { untilSignal } from './until-signal.js';

export function controlPlaneCommand(): Command {
  return new Command('controlplane')
    .description('run the embedded Kubernetes control plane alone, in the foreground')
    .option('--port <port>', 'port to listen on (0 picks a free one)', '6443')
    .option('--host <host>', 'address to bind', '127.0.0.1')
    .option('--data-dir <dir>', 'where objects are stored', '.ferry/controlplane')
    .option(
      '--kubeconfig-out <file>',
      'where to write the kubeconfig (default <data-dir>/kubeconfig)',
    )
    .action(async (flags: Record<string, unknown>) => {
      const { loadControlPlaneConfig } = await import('../config.js');
      const { startControlPlane } = await import('../controlplane/index.js');
      const config = loadControlPlaneConfig(flags);
      const cp = await startControlPlane({
        dataDir: config.dataDir,
        host: config.host,
        port: config.port,
        ...(config.kubeconfigOut === undefined ? {} : { kubeconfigOut: config.kubeconfigOut }),
      });
      process.stdout.write(
        `control plane listening on ${cp.url}\nkubeconfig: ${cp.kubeconfigPath}\n`,
      );
      await untilSignal();
      await cp.stop();
    });
}
