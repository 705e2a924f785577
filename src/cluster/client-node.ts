/**
 * The part of @kubernetes/client-node that Ferry uses: kubeconfig handling.
 * The package's index also loads its whole generated API, some 70 MB of memory that
 * Ferry never calls, so `npm run build` replaces this module's compiled output with a
 * tree-shaken bundle of just these exports (scripts/bundle-client-node.js).
 */
export { KubeConfig } from '@kubernetes/client-node/dist/config.js';
export type { User } from '@kubernetes/client-node/dist/config_types.js';
