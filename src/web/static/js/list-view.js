// The app list: counts per status, search and filters, rows rendered only where visible.
import { apps, followApps } from './api.js';
import { ago, badge, fill, h, shortSha, throttleFrame } from './dom.js';

const ROW_HEIGHT = 44;
const OVERSCAN = 10;
const SYNC = ['Synced', 'OutOfSync', 'Unknown'];
const HEALTH = ['Healthy', 'Progressing', 'Degraded', 'Suspended', 'Missing', 'Unknown'];

const state = { search: '', sync: '', health: '' };
const number = (n) => n.toLocaleString('en-US');

export function showList({ view, crumbs, setConnection }) {
  fill(crumbs, h('span', {}, 'Applications'));
  const byName = new Map();
  let rows = [];

  const counts = h('div.counts');
  const shown = h('span.shown.muted', { 'aria-live': 'polite' });
  const search = h('input.search', {
    type: 'search',
    placeholder: 'Search name, repository, path, namespace',
    value: state.search,
    'aria-label': 'Search applications',
    oninput: () => {
      state.search = search.value;
      refilter();
    },
  });
  const selects = {};
  const select = (label, values, key) =>
    (selects[key] = h(
      'select',
      {
        'aria-label': `${label} filter`,
        onchange: (e) => {
          state[key] = e.target.value;
          refilter();
        },
      },
      h('option', { value: '' }, `${label}: all`),
      values.map((v) => h('option', { value: v, selected: state[key] === v }, v)),
    ));
  const header = h(
    'div.row.head',
    { role: 'row' },
    h('span', {}, 'Application'),
    h('span', {}, 'Sync'),
    h('span', {}, 'Health'),
    h('span.hide-s', {}, 'Revision'),
    h('span.hide-m', {}, 'Source'),
    h('span.hide-s', {}, 'Destination'),
    h('span.hide-m', {}, 'Last operation'),
  );
  const spacer = h('div.spacer');
  const body = h('div.rows');
  const scroller = h(
    'div.scroller',
    { role: 'table', 'aria-label': 'Applications' },
    header,
    h('div.viewport', {}, spacer, body),
  );
  const empty = h('p.empty', { hidden: true }, 'No applications match.');
  fill(
    view,
    h(
      'section.list',
      {},
      counts,
      h(
        'div.filters',
        {},
        search,
        select('Sync', SYNC, 'sync'),
        select('Health', HEALTH, 'health'),
        shown,
      ),
      scroller,
      empty,
    ),
  );

  function matches(app) {
    const s = app.status ?? {};
    if (state.sync && (s.sync?.status ?? 'Unknown') !== state.sync) return false;
    if (state.health && (s.health?.status ?? 'Unknown') !== state.health) return false;
    const q = state.search.trim().toLowerCase();
    if (!q) return true;
    const src = app.spec?.source ?? {};
    return [app.metadata.name, src.repoURL, src.path, app.spec?.destination?.namespace].some((t) =>
      String(t ?? '')
        .toLowerCase()
        .includes(q),
    );
  }

  function renderCounts() {
    const all = [...byName.values()];
    const tally = (pick) => {
      const out = new Map();
      for (const a of all) out.set(pick(a), (out.get(pick(a)) ?? 0) + 1);
      return out;
    };
    const sync = tally((a) => a.status?.sync?.status ?? 'Unknown');
    const health = tally((a) => a.status?.health?.status ?? 'Unknown');
    const chip = (value, n, key) =>
      h(
        `button.chip${state[key] === value ? '.on' : ''}`,
        {
          type: 'button',
          dataset: { [key]: value },
          title: `show only ${value}`,
          onclick: () => {
            state[key] = state[key] === value ? '' : value;
            selects[key].value = state[key];
            refilter();
          },
        },
        badge(value),
        h('span.n', {}, String(n)),
      );
    fill(
      counts,
      h('strong', {}, `${number(all.length)} apps`),
      ...SYNC.filter((s) => sync.has(s)).map((s) => chip(s, sync.get(s), 'sync')),
      h('span.sep'),
      ...HEALTH.filter((s) => health.has(s)).map((s) => chip(s, health.get(s), 'health')),
    );
  }

  function row(app) {
    const s = app.status ?? {};
    const src = app.spec?.source ?? {};
    const op = s.operationState;
    const href = `#/apps/${encodeURIComponent(app.metadata.name)}`;
    return h(
      'a.row',
      { href, role: 'row', dataset: { app: app.metadata.name } },
      h('span.name', {}, app.metadata.name),
      h('span', {}, badge(s.sync?.status)),
      h('span', {}, badge(s.health?.status)),
      h('code.hide-s', {}, shortSha(s.sync?.revision)),
      // The path tells apps of one monorepo apart, so it comes first; the repository follows.
      h(
        'span.hide-m.ellipsis',
        { title: `${src.repoURL ?? ''} ${src.path ?? ''}` },
        src.path && src.path !== '.' ? `${src.path} ` : '',
        h('span.muted', {}, String(src.repoURL ?? '').replace(/^[a-z+]+:\/\//, '')),
      ),
      h('span.hide-s', {}, app.spec?.destination?.namespace ?? ''),
      h(
        'span.hide-m',
        {},
        op ? [badge(op.phase), ' ', h('small.muted', {}, ago(op.finishedAt ?? op.startedAt))] : '—',
      ),
    );
  }

  // Only the rows in view (plus a margin) exist in the DOM, so 2,000 apps scroll smoothly.
  const renderRows = throttleFrame(() => {
    const top = scroller.scrollTop;
    const height = scroller.clientHeight || 600;
    const first = Math.max(0, Math.floor(top / ROW_HEIGHT) - OVERSCAN);
    const last = Math.min(rows.length, Math.ceil((top + height) / ROW_HEIGHT) + OVERSCAN);
    spacer.style.height = `${rows.length * ROW_HEIGHT}px`;
    body.style.transform = `translateY(${first * ROW_HEIGHT}px)`;
    fill(body, ...rows.slice(first, last).map(row));
    empty.hidden = rows.length > 0 || byName.size === 0;
  });

  function refilter() {
    rows = [...byName.values()]
      .filter(matches)
      .sort((a, b) => (a.metadata.name < b.metadata.name ? -1 : 1));
    shown.classList.toggle('all', rows.length === byName.size);
    shown.textContent =
      rows.length === byName.size
        ? `${number(byName.size)} apps`
        : `${number(rows.length)} of ${number(byName.size)} shown`;
    renderCounts();
    renderRows();
  }
  const refreshSoon = throttleFrame(refilter);
  scroller.addEventListener('scroll', renderRows, { passive: true });
  window.addEventListener('resize', renderRows);

  // Follow changes first, then load the list, so that nothing falls between the two.
  const stop = followApps(
    '?view=summary',
    (type, app) => {
      if (type === 'DELETED') byName.delete(app.metadata.name);
      else byName.set(app.metadata.name, app);
      refreshSoon();
    },
    setConnection,
  );
  apps
    .list()
    .then((list) => {
      for (const app of list.items) {
        if (!byName.has(app.metadata.name)) byName.set(app.metadata.name, app);
      }
      refilter();
      if (list.items.length === 0) {
        empty.textContent = 'No applications yet. Create one with: ferry app create -f app.yaml';
        empty.hidden = false;
      }
    })
    .catch((err) => {
      empty.hidden = false;
      empty.textContent = `Cannot load applications: ${err.message}`;
    });
  return () => {
    stop();
    window.removeEventListener('resize', renderRows);
  };
}
