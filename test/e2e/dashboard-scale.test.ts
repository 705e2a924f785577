import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startWebEnv, type WebEnv } from '../web/support/web-env.js';
import { launchChromium, signIn } from './dashboard-browser.js';
import {
  createFleet,
  FLEET_FILES,
  fleetKind,
  fleetName,
  type FleetCounts,
} from './dashboard-fleet.js';

const SHOTS = path.resolve(import.meta.dirname, '../../test-results/dashboard');
const FLEET = 2_000;
/** A 800 px high window shows about 15 rows; the list keeps a margin of rows around them. */
const MAX_ROWS_IN_DOM = 60;

describe('dashboard with 2,000 apps in Chromium', () => {
  let env: WebEnv;
  let browser: Browser;
  let page: Page;
  let counts: FleetCounts;

  const shot = (name: string) => page.screenshot({ path: path.join(SHOTS, `${name}.png`) });
  const rowNames = () =>
    page.locator('a.row').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-app')));
  const chipCount = async (status: string, group: 'sync' | 'health') =>
    Number(await page.locator(`.chip[data-${group}="${status}"] .n`).innerText());
  const scrollTo = (where: 'top' | 'bottom') =>
    page.locator('.scroller').evaluate((el, to) => {
      el.scrollTop = to === 'top' ? 0 : el.scrollHeight;
    }, where);

  beforeAll(async () => {
    await mkdir(SHOTS, { recursive: true });
    env = await startWebEnv(FLEET_FILES);
    counts = await createFleet(env, FLEET);
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  }, 300_000);

  afterAll(async () => {
    await browser?.close();
    await env?.stop();
  });

  it('lists every app with the right counts, keeping only the visible rows in the page', async () => {
    const list = page.waitForResponse((r) => r.url().includes('api/v1/applications?view=summary'));
    await signIn(page, env.url, env.adminToken);
    await page.locator('a.row[data-app="app-0000"]').waitFor();
    // The list of 2,000 apps travels gzipped.
    expect((await list).headers()['content-encoding']).toBe('gzip');
    expect(await page.locator('.counts strong').innerText()).toBe('2,000 apps');
    for (const [status, n] of Object.entries(counts.sync))
      expect(await chipCount(status, 'sync')).toBe(n);
    for (const [status, n] of Object.entries(counts.health))
      expect(await chipCount(status, 'health')).toBe(n);
    const names = await rowNames();
    expect(names[0]).toBe('app-0000');
    expect(names.length).toBeGreaterThan(10);
    expect(names.length).toBeLessThan(MAX_ROWS_IN_DOM);
    expect(await page.locator('a.row[data-app="app-0001"] .badge.OutOfSync').count()).toBe(1);
    expect(await page.locator('a.row[data-app="app-0002"] .badge.Unknown').count()).toBe(2);
    await shot('scale-1-list');
  });

  it('narrows the list by search, by filter and by both', async () => {
    const search = page.getByLabel('Search applications');
    await search.fill('app-019');
    await page.locator('.shown', { hasText: '10 of 2,000' }).waitFor();
    // The count and the rows are drawn in separate frames: wait for the rows too.
    await expect.poll(rowNames).toEqual(Array.from({ length: 10 }, (_, i) => fleetName(190 + i)));
    await shot('scale-2-search');

    await search.fill('');
    await page.getByLabel('Sync filter').selectOption('OutOfSync');
    await page.locator('.shown', { hasText: `${counts.sync['OutOfSync']} of 2,000` }).waitFor();
    const onlyConfigApps = async () => {
      const names = await rowNames();
      return names.length > 10 && names.every((n) => fleetKind(Number(n!.slice(4))) === 'config');
    };
    await expect.poll(onlyConfigApps).toBe(true);

    await search.fill('app-00');
    const expected = Array.from({ length: 100 }, (_, i) => i).filter(
      (i) => fleetKind(i) === 'config',
    );
    await page.locator('.shown', { hasText: `${expected.length} of 2,000` }).waitFor();
    await shot('scale-3-filter-and-search');

    await page.locator('.chip[data-health="Healthy"]').click();
    await page.locator('.empty', { hasText: 'No applications match.' }).waitFor();
    expect(await page.locator('a.row').count()).toBe(0);

    await search.fill('');
    await page.getByLabel('Sync filter').selectOption('');
    await page.getByLabel('Health filter').selectOption('');
    await page.locator('.shown', { hasText: '2,000 apps' }).waitFor();
  });

  it('scrolls to the last app and back to the first', async () => {
    await scrollTo('bottom');
    await page.locator(`a.row[data-app="${fleetName(FLEET - 1)}"]`).waitFor();
    const names = await rowNames();
    expect(names).not.toContain('app-0000');
    expect(names.length).toBeLessThan(MAX_ROWS_IN_DOM);
    await expect
      .poll(() => page.locator(`a.row[data-app="${fleetName(FLEET - 1)}"]`).isVisible())
      .toBe(true);
    await shot('scale-4-scrolled-to-end');
    await scrollTo('top');
    await page.locator('a.row[data-app="app-0000"]').waitFor();
  });

  it('shows a change of one app as it arrives over the event stream', async () => {
    const row = page.locator('a.row[data-app="app-0001"]');
    await row.locator('.badge.OutOfSync').waitFor();
    const synced = await chipCount('Synced', 'sync');
    const sync = await env.api('api/v1/applications/app-0001/sync', { method: 'POST', body: {} });
    expect(sync.status).toBe(200);
    await row.locator('.badge.Synced').waitFor({ timeout: 30_000 });
    await row.locator('.badge.Healthy').waitFor({ timeout: 30_000 });
    await expect.poll(() => chipCount('Synced', 'sync')).toBe(synced + 1);
    expect(await chipCount('OutOfSync', 'sync')).toBe((counts.sync['OutOfSync'] ?? 0) - 1);
    await shot('scale-5-live-update');
  });
});
