/**
 * Runs a control plane in a child process for the crash test: prints its URL and
 * kubeconfig path as one JSON line, then serves until killed.
 */
import { startControlPlane } from '../../../src/controlplane/index.js';

const dataDir = process.argv[2];
if (dataDir === undefined) throw new Error('usage: crash-child <dataDir>');
const cp = await startControlPlane({ dataDir, timeFactor: 0.05 });
process.stdout.write(`${JSON.stringify({ url: cp.url, kubeconfig: cp.kubeconfigPath })}\n`);
