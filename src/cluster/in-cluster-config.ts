import { existsSync, readFileSync } from 'node:fs';
import { isIPv6 } from 'node:net';
import path from 'node:path';
import { KubeConfig, type User } from './client-node.js';
import { ClusterError } from '../model/errors.js';
import { SERVICE_ACCOUNT_DIR, type InClusterSettings } from './in-cluster-settings.js';

type Authenticator = Parameters<KubeConfig['addAuthenticator']>[0];

/** Names the ServiceAccount token file in a kubeconfig user's auth-provider config. */
const TOKEN_FILE_KEY = 'serviceAccountTokenFile';

/**
 * Sends the ServiceAccount token as a bearer token, reading the file every time credentials
 * are (re)applied, so a token the kubelet rotates is picked up (Ferry's transport reapplies
 * them every minute, as client-go re-reads its token file).
 */
const serviceAccountToken: Authenticator = {
  isAuthProvider: (user: User) => typeof user.authProvider?.config?.[TOKEN_FILE_KEY] === 'string',
  applyAuthentication: async (user, opts) => {
    const token = readToken(user.authProvider!.config[TOKEN_FILE_KEY] as string);
    opts.headers = { ...opts.headers, Authorization: `Bearer ${token}` };
  },
};

function readToken(file: string): string {
  try {
    return readFileSync(file, 'utf8').trim();
  } catch (cause) {
    throw new ClusterError(`cannot read the ServiceAccount token ${file}`, {
      cause,
      data: { file },
    });
  }
}

/**
 * A kubeconfig for the cluster this process runs in, built as client-go's in-cluster config
 * is: `https://<host>:<port>`, the CA in `ca.crt` (system roots when it is missing), the
 * token in `token`, and the namespace in `namespace` as the context's namespace. Throws
 * ClusterError when the token cannot be read.
 */
export function inClusterKubeConfig(settings: InClusterSettings): KubeConfig {
  const dir = settings.serviceAccountDir ?? SERVICE_ACCOUNT_DIR;
  const tokenFile = path.join(dir, 'token');
  readToken(tokenFile);
  const caFile = path.join(dir, 'ca.crt');
  const namespaceFile = path.join(dir, 'namespace');
  const namespace = existsSync(namespaceFile)
    ? readFileSync(namespaceFile, 'utf8').trim()
    : undefined;
  const host = isIPv6(settings.host) ? `[${settings.host}]` : settings.host;
  const config = new KubeConfig();
  config.addAuthenticator(serviceAccountToken);
  config.loadFromOptions({
    clusters: [
      {
        name: 'in-cluster',
        server: `https://${host}:${settings.port}`,
        skipTLSVerify: false,
        ...(existsSync(caFile) ? { caFile } : {}),
      },
    ],
    users: [
      {
        name: 'service-account',
        authProvider: { name: 'service-account-token', config: { [TOKEN_FILE_KEY]: tokenFile } },
      },
    ],
    contexts: [
      {
        name: 'in-cluster',
        cluster: 'in-cluster',
        user: 'service-account',
        ...(namespace === undefined || namespace === '' ? {} : { namespace }),
      },
    ],
    currentContext: 'in-cluster',
  });
  return config;
}
