import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  deployment,
  healthy,
  READONLY_TOKEN,
  startWebEnv,
  synced,
  type WebEnv,
} from '../web/support/web-env.js';
import { launchChromium, signIn } from './dashboard-browser.js';

const SHOTS = path.resolve(import.meta.dirname, '../../test-results/dashboard');

const FILES = {
  'guestbook/deployment.yaml': deployment('guestbook-ui', 'nginx:1.26', 2),
  'guestbook/service.yaml': `apiVersion: v1
kind: Service
metadata:
  name: guestbook-ui
  annotations:
    argocd.argoproj.io/sync-wave: "-1"
spec:
  selector: {app: guestbook-ui}
  ports: [{port: 80}]
`,
  'hello/configmap.yaml': `apiVersion: v1
kind: ConfigMap
metadata:
  name: hello
data:
  greeting: hello
`,
};

describe('dashboard in Chromium', () => {
  let env: WebEnv;
  let browser: Browser;
  let page: Page;

  const shot = (name: string) =>
    page.screenshot({ path: path.join(SHOTS, `${name}.png`), fullPage: true });

  beforeAll(async () => {
    await mkdir(SHOTS, { recursive: true });
    env = await startWebEnv(FILES);
    await env.createApp('guestbook', { path: 'guestbook' });
    await env.createApp('hello', { path: 'hello', syncPolicy: { automated: { prune: true } } });
    await env.waitForApp('guestbook', 'OutOfSync', (a) => a.status?.sync.status === 'OutOfSync');
    await env.waitForApp('hello', 'Synced and Healthy', (a) => synced(a) && healthy(a));
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await env?.stop();
  });

  it('signs in with the admin token and lists the apps with their status', async () => {
    await page.goto(env.url);
    await page.getByLabel('Access token').fill('ferry_not-the-token');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByText('That token is not valid.').waitFor();
    await page.getByLabel('Access token').fill(env.adminToken);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.locator('a.row[data-app="guestbook"]').waitFor();
    await page.locator('a.row[data-app="hello"] .badge.Synced').waitFor();
    expect(await page.locator('.counts').innerText()).toContain('2 apps');
    await shot('1-app-list');
    await page.getByLabel('Search applications').fill('hel');
    await page.locator('a.row[data-app="guestbook"]').waitFor({ state: 'detached' });
    expect(await page.locator('a.row').count()).toBe(1);
    await page.getByLabel('Search applications').fill('');
  });

  it('opens an app, shows its diff, syncs it and watches it become Synced', async () => {
    await page.locator('a.row[data-app="guestbook"]').click();
    await page.locator('.summary h1', { hasText: 'guestbook' }).waitFor();
    await page.locator('.summary .badge.OutOfSync').waitFor();
    await page.getByRole('tab', { name: 'Diff' }).click();
    await page.locator('.diffs pre').first().waitFor();
    expect(await page.locator('.diffs').innerText()).toContain('image: nginx:1.26');
    await shot('2-app-diff');

    await page.locator('#sync').click();
    await page.getByLabel('Prune resources no longer in Git').check();
    await shot('3-sync-dialog');
    await page.getByRole('button', { name: 'Synchronize' }).click();
    await page.locator('.summary .badge.Synced').waitFor({ timeout: 20_000 });
    await page.locator('.summary .badge.Healthy').waitFor({ timeout: 20_000 });
    await page.locator('.operation .badge.Succeeded').waitFor();
    await page
      .locator('.operation summary', { hasText: 'Sync · wave 0 — 1 resource(s)' })
      .waitFor();
    const steps = await page.locator('.operation summary').allInnerTexts();
    expect(steps).toEqual(['Sync · wave -1 — 1 resource(s)', 'Sync · wave 0 — 1 resource(s)']);
    await page.getByRole('tab', { name: 'Resources' }).click();
    await page.locator('.node[data-kind="Pod"]').first().waitFor();
    await shot('4-app-synced-tree');
    await page.getByRole('tab', { name: 'History' }).click();
    await page.getByRole('button', { name: 'Rollback' }).first().waitFor();
    await shot('5-app-history');
  });

  it('shows a readonly user everything but no Sync or Rollback button', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const reader = await context.newPage();
    await signIn(reader, env.url, READONLY_TOKEN);
    expect(await reader.locator('#user').innerText()).toBe('readonly (readonly)');
    await reader.locator('a.row[data-app="guestbook"]').click();
    await reader.locator('.summary h1', { hasText: 'guestbook' }).waitFor();
    await reader.locator('.summary', { hasText: 'read only' }).waitFor();
    await reader.getByRole('tab', { name: 'History' }).click();
    await reader.locator('.panel table').waitFor();
    expect(await reader.locator('#sync').count()).toBe(0);
    expect(await reader.getByRole('button', { name: 'Rollback' }).count()).toBe(0);
    await reader.screenshot({ path: path.join(SHOTS, '7-readonly-history.png') });
    await context.close();
  });

  it('fits a phone screen', async () => {
    await page.setViewportSize({ width: 390, height: 800 });
    await page.goto(`${env.url}#/`);
    await page.locator('a.row[data-app="guestbook"] .badge.Synced').waitFor();
    await shot('6-phone-list');
    const overflow = await page.evaluate(
      'document.documentElement.scrollWidth > window.innerWidth',
    );
    expect(overflow).toBe(false);
  });
});
