import type { KubeClient } from '../cluster/kube-client.js';
import type { Application } from '../model/application.js';

/** Creates an Application, or brings an existing one's spec in line with `app`. */
export async function registerApplication(client: KubeClient, app: Application): Promise<void> {
  const existing = await client.get(app);
  if (existing === undefined) {
    await client.create(app);
    return;
  }
  await client.mergePatch(existing, { spec: app.spec });
}
