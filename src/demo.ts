import { existsSync } from 'node:fs';
import path from 'node:path';
import type { Application } from './model/application.js';
import { APPLICATION_API_VERSION, APPLICATION_KIND } from './model/application.js';
import { initRepo } from './repo/local-repo.js';

const GUESTBOOK = {
  'guestbook/configmap.yaml': `apiVersion: v1
kind: ConfigMap
metadata:
  name: guestbook-config
data:
  GREETING: Welcome aboard the Ferry guestbook
`,
  'guestbook/deployment.yaml': `apiVersion: apps/v1
kind: Deployment
metadata:
  name: guestbook-ui
  labels:
    app: guestbook-ui
spec:
  replicas: 2
  selector:
    matchLabels:
      app: guestbook-ui
  template:
    metadata:
      labels:
        app: guestbook-ui
    spec:
      containers:
        - name: guestbook-ui
          image: gcr.io/heptio-images/ks-guestbook-demo:0.2
          ports:
            - containerPort: 80
          envFrom:
            - configMapRef:
                name: guestbook-config
`,
  'guestbook/service.yaml': `apiVersion: v1
kind: Service
metadata:
  name: guestbook-ui
spec:
  selector:
    app: guestbook-ui
  ports:
    - port: 80
      targetPort: 80
`,
};

const HELLO = {
  'hello/hello.yaml': `apiVersion: v1
kind: ConfigMap
metadata:
  name: hello-page
  annotations:
    argocd.argoproj.io/sync-wave: "-1"
data:
  index.html: <h1>Hello from Ferry</h1>
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: hello
spec:
  replicas: 1
  selector:
    matchLabels:
      app: hello
  template:
    metadata:
      labels:
        app: hello
    spec:
      containers:
        - name: web
          image: nginx:1.27
          ports:
            - containerPort: 80
---
apiVersion: v1
kind: Service
metadata:
  name: hello
spec:
  selector:
    app: hello
  ports:
    - port: 8080
      targetPort: 80
`,
};

const README = `# Ferry demo

Two applications, one per folder. Commit a change here and Ferry syncs it:
edit guestbook/deployment.yaml, then \`git commit -am "scale up"\`.
`;

/**
 * Creates (once) a local Git repository with example apps under the data dir, and returns
 * the Applications that follow it, auto-syncing with prune and self-heal.
 */
export async function prepareDemo(dataDir: string, appNamespace: string): Promise<Application[]> {
  const repoDir = path.join(dataDir, 'demo-repo');
  if (!existsSync(path.join(repoDir, '.git'))) {
    await initRepo(repoDir, { 'README.md': README, ...GUESTBOOK, ...HELLO }, 'Add the demo apps');
  }
  return [
    demoApp('guestbook', repoDir, 'guestbook', appNamespace),
    demoApp('hello', repoDir, 'hello', appNamespace),
  ];
}

function demoApp(
  name: string,
  repoURL: string,
  appPath: string,
  appNamespace: string,
): Application {
  return {
    apiVersion: APPLICATION_API_VERSION,
    kind: APPLICATION_KIND,
    metadata: { name, namespace: appNamespace },
    spec: {
      project: 'default',
      source: { repoURL, path: appPath, targetRevision: 'HEAD' },
      destination: { server: 'https://kubernetes.default.svc', namespace: `demo-${name}` },
      syncPolicy: {
        automated: { prune: true, selfHeal: true },
        syncOptions: ['CreateNamespace=true'],
      },
    },
  };
}
