import type { Page } from 'playwright-core';
import { launchChromium, signIn } from '../test/e2e/dashboard-browser.js';
import { createFleet, FLEET_FILES, fleetName } from '../test/e2e/dashboard-fleet.js';
import { startWebEnv } from '../test/web/support/web-env.js';
import type { BenchArgs, Figure } from './harness.js';
import { percentile } from './support/percentiles.js';
import { BENCH_WEBHOOK_SECRET, sendGenericWebhook } from './support/webhook.js';

const ROUNDS = 7;

interface Summary {
  status?: { reconciledAt?: string };
}

/** Installed before the dashboard's own scripts: notes when the first row is in the page. */
const FIRST_ROWS_PROBE = `(() => {
  window.__longest = 0;
  try {
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) window.__longest = Math.max(window.__longest, e.duration);
    }).observe({ type: 'longtask', buffered: true });
  } catch {}
  const seen = () => {
    if (window.__firstRows === undefined && document.querySelector('a.row')) {
      window.__firstRows = performance.now();
      return true;
    }
    return false;
  };
  new MutationObserver((_, observer) => seen() && observer.disconnect()).observe(document, {
    childList: true,
    subtree: true,
  });
})();`;

/**
 * In the page: runs `act`, then resolves with the ms until `done` holds and the next frame
 * has been painted. Both are JavaScript source, because the bench's own functions, once
 * compiled, refer to helpers that do not exist in the page.
 */
async function timeInPage(page: Page, act: string, done: string): Promise<number> {
  return page.evaluate(`new Promise((resolve) => {
    const start = performance.now();
    const check = () => {
      if (${done}) requestAnimationFrame(() => resolve(performance.now() - start));
      else requestAnimationFrame(check);
    };
    { ${act} }
    check();
  })`);
}

/** In the page: from now, the time (Date.now) at which the row of `app` contains `text`. */
function watchRow(page: Page, app: string, text: string): Promise<void> {
  return page.evaluate(`void (window.__seen = new Promise((resolve) => {
    const check = () => {
      const row = document.querySelector('a.row[data-app="${app}"]');
      if (row && row.textContent.includes(${JSON.stringify(text)})) resolve(Date.now());
      else requestAnimationFrame(check);
    };
    check();
  }))`);
}

const setSearch = (q: string) =>
  `const i = document.querySelector('input.search'); i.value = ${JSON.stringify(q)}; i.dispatchEvent(new Event('input'));`;
const setSync = (v: string) =>
  `const s = document.querySelector('select[aria-label="Sync filter"]'); s.value = ${JSON.stringify(v)}; s.dispatchEvent(new Event('change'));`;
const shown = (text: string) =>
  `(document.querySelector('.shown')?.textContent ?? '').includes(${JSON.stringify(text)})`;

const median = (values: number[]) => percentile(values, 50);

/**
 * dashboard: Ferry with N Applications (2,000 by default) and the dashboard in Chromium.
 * Times, inside the page, until the first rows show, how long search and a status filter
 * take to narrow the list, how long scrolling to the last app takes, and how long an
 * Application change takes from the write to the API server until its row shows it.
 */
export async function dashboardBench(args: BenchArgs): Promise<Figure[]> {
  const apps = args.apps ?? 2000;
  const total = apps.toLocaleString('en-US');
  const env = await startWebEnv(FLEET_FILES, { webhookSecret: BENCH_WEBHOOK_SECRET });
  const browser = await launchChromium();
  try {
    await createFleet(env, apps);
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    await context.addInitScript(FIRST_ROWS_PROBE);
    const page = await context.newPage();
    await signIn(page, env.url, env.adminToken);

    // What the page asks for first: every app, trimmed to what the list shows.
    const listApi: number[] = [];
    let listBytes = 0;
    let wireBytes = 0;
    for (let i = 0; i < ROUNDS; i++) {
      const start = performance.now();
      const res = await fetch(new URL('api/v1/applications?view=summary', env.url), {
        headers: { authorization: `Bearer ${env.adminToken}` },
      });
      listBytes = (await res.arrayBuffer()).byteLength;
      wireBytes = Number(res.headers.get('content-length') ?? listBytes);
      listApi.push(performance.now() - start);
    }

    const firstRows: number[] = [];
    const longest: number[] = [];
    for (let i = 0; i < ROUNDS; i++) {
      await page.reload();
      await page.locator('a.row').first().waitFor();
      firstRows.push(await page.evaluate('window.__firstRows'));
      await page.locator('.shown', { hasText: `${total} apps` }).waitFor();
      longest.push(await page.evaluate('window.__longest'));
    }

    const search: number[] = [];
    const filter: number[] = [];
    const scroll: number[] = [];
    for (let i = 0; i < ROUNDS; i++) {
      const prefix = fleetName(i * 7).slice(0, 7);
      search.push(await timeInPage(page, setSearch(prefix), shown(` of ${total}`)));
      search.push(await timeInPage(page, setSearch(''), shown(`${total} apps`)));
      filter.push(await timeInPage(page, setSync('OutOfSync'), shown(` of ${total}`)));
      filter.push(await timeInPage(page, setSync(''), shown(`${total} apps`)));
      const last = `document.querySelector('a.row[data-app="${fleetName(apps - 1)}"]') !== null`;
      const first = `document.querySelector('a.row[data-app="${fleetName(0)}"]') !== null`;
      const scroller = `document.querySelector('.scroller')`;
      scroll.push(await timeInPage(page, `${scroller}.scrollTop = 1e9;`, last));
      scroll.push(await timeInPage(page, `${scroller}.scrollTop = 0;`, first));
    }

    // A webhook makes Ferry look at every app again: each one's status changes, and the
    // page receives an event per app while it is searched.
    const busySearch: number[] = [];
    const before = new Date().toISOString();
    await sendGenericWebhook(env.url, { repository: env.repoURL, revision: 'main' });
    const reconciledSince = async () =>
      ((await env.api('api/v1/applications?view=summary')).body.items as Summary[]).filter(
        (a) => (a.status?.reconciledAt ?? '') >= before,
      ).length;
    while ((await reconciledSince()) === 0) await new Promise((r) => setTimeout(r, 50));
    for (let i = 0; i < ROUNDS; i++) {
      const prefix = fleetName(i * 11).slice(0, 7);
      busySearch.push(await timeInPage(page, setSearch(prefix), shown(` of ${total}`)));
      busySearch.push(await timeInPage(page, setSearch(''), shown(`${total} apps`)));
    }
    const stillRefreshing = apps - (await reconciledSince());
    while ((await reconciledSince()) < apps) await new Promise((r) => setTimeout(r, 250));

    const update: number[] = [];
    for (let i = 0; i < ROUNDS; i++) {
      const name = fleetName(i);
      const namespace = `moved-${i}`;
      await watchRow(page, name, namespace);
      const start = Date.now();
      await env.client.mergePatch(
        {
          apiVersion: 'ferry.dev/v1alpha1',
          kind: 'Application',
          metadata: { name, namespace: 'ferry' },
        },
        { spec: { destination: { namespace } } },
      );
      const seen = await page.evaluate<number>('window.__seen');
      update.push(seen - start);
    }
    await context.close();

    return [
      {
        metric: `list API, ${apps} apps, summary view (median)`,
        value: median(listApi),
        unit: 'ms',
      },
      { metric: 'list API answer size', value: listBytes / 1024, unit: 'KiB' },
      { metric: 'list API answer size, gzipped on the wire', value: wireBytes / 1024, unit: 'KiB' },
      { metric: `time to first rows, ${apps} apps (median)`, value: median(firstRows), unit: 'ms' },
      {
        metric: 'longest main-thread task over 50 ms while loading (0: none)',
        value: median(longest),
        unit: 'ms',
        target: '<= 200',
      },
      {
        metric: 'search narrows the list (median)',
        value: median(search),
        unit: 'ms',
        target: '<= 100',
      },
      {
        metric: 'status filter narrows the list (median)',
        value: median(filter),
        unit: 'ms',
        target: '<= 100',
      },
      {
        metric: `search while every app refreshes (median; ${stillRefreshing} apps still to go after)`,
        value: median(busySearch),
        unit: 'ms',
        target: '<= 100',
      },
      {
        metric: 'scroll to the last or first app (median)',
        value: median(scroll),
        unit: 'ms',
        target: '<= 50',
      },
      {
        metric: 'Application change until its row shows it (median)',
        value: median(update),
        unit: 'ms',
        target: '<= 500',
      },
      {
        metric: 'Application change until its row shows it (p99)',
        value: percentile(update, 99),
        unit: 'ms',
      },
    ];
  } finally {
    await browser.close();
    await env.stop();
  }
}
