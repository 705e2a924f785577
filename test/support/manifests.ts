import type { KubeObject } from '../../src/kube/object.js';
/** A one-replica Deployment named `web` running `image`, as a YAML file's text. */
export const webDeployment = (image: string): string => `apiVersion: apps/v1
kind: Deployment
metadata: {name: web}
spec:
  replicas: 1
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      containers: [{name: web, image: "${image}"}]
`;

/** An Argo CD repository Secret in Ferry's namespace, giving basic-auth credentials for `url`. */
export function repositorySecret(url: string, username: string, password: string): KubeObject {
  const b64 = (s: string): string => Buffer.from(s).toString('base64');
  return {
    apiVersion: 'v1',
    kind: 'Secret',
    metadata: {
      name: 'private-repo',
      namespace: 'ferry',
      labels: { 'argocd.argoproj.io/secret-type': 'repository' },
    },
    type: 'Opaque',
    data: { url: b64(url), username: b64(username), password: b64(password) },
  };
}
