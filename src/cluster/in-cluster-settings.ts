/** Where the kubelet mounts a pod's ServiceAccount token, CA and namespace. */
export const SERVICE_ACCOUNT_DIR = '/var/run/secrets/kubernetes.io/serviceaccount';

/** The cluster a pod runs in, as its environment and ServiceAccount mount describe it. */
export interface InClusterSettings {
  /** From KUBERNETES_SERVICE_HOST. */
  host: string;
  /** From KUBERNETES_SERVICE_PORT. */
  port: string;
  /** Holds `token`, `ca.crt` and `namespace`. @defaultValue SERVICE_ACCOUNT_DIR */
  serviceAccountDir?: string;
}
