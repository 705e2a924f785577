/**
 * Runs a control plane in a child process for the crash test, optionally compacting its log
 * after that many bytes: prints its URL and kubeconfig path as one JSON line, then serves
 * until killed.
 */
import { startControlPlane } from '../../../src/controlplane/index.js';

const [dataDir, compactAfterBytes] = process.argv.slice(2);
if (dataDir === undefined) throw new Error('usage: crash-child <dataDir> [compactAfterBytes]');
const cp = await startControlPlane({
  dataDir,
  timeFactor: 0.05,
  ...(compactAfterBytes === undefined ? {} : { compactAfterBytes: Number(compactAfterBytes) }),
});
process.stdout.write(`${JSON.stringify({ url: cp.url, kubeconfig: cp.kubeconfigPath })}\n`);
