// One app: status, operation progress, rollouts, conditions, then tree, diff, history, events.
import { apps, followApps } from './api.js';
import { ago, badge, fill, h, shortSha } from './dom.js';
import { operationView } from './operation-view.js';
import { openSyncDialog } from './sync-dialog.js';
import { renderTree } from './tree-view.js';
import { conditionSeverity, conditionText } from './words.js';

const TABS = ['Resources', 'Diff', 'History', 'Events'];

export function showDetail({ view, crumbs, role, setConnection }, name) {
  fill(crumbs, h('a', { href: '#/' }, 'Applications'), ' / ', h('span', {}, name));
  const admin = role === 'admin';
  let app;
  let tab = sessionStorage.getItem('ferry.tab') ?? 'Resources';
  let stopped = false;
  const summary = h('section.summary');
  const operation = h('section.operation');
  const panel = h('section.panel');
  const tabs = h('nav.tabs', { role: 'tablist' });
  const notice = h('p.notice', { role: 'status' });
  fill(view, h('div.detail', {}, summary, notice, operation, tabs, panel));
  const renderOperation = operationView(operation, name);

  const act = async (what, fn) => {
    notice.textContent = '';
    notice.classList.remove('error');
    try {
      await fn();
      notice.textContent = what;
    } catch (err) {
      notice.textContent = `${err.message}`;
      notice.classList.add('error');
    }
  };

  function renderSummary() {
    const s = app.status ?? {};
    const src = app.spec.source;
    const running = ['Running', 'Terminating'].includes(s.operationState?.phase);
    const rollouts = (s.resources ?? []).filter((r) => r.rollout);
    fill(
      summary,
      h(
        'div.title',
        {},
        h('h1', {}, app.metadata.name),
        badge(s.sync?.status, '.big'),
        badge(s.health?.status, '.big'),
        h('span.grow'),
        admin
          ? h(
              'button.primary',
              {
                id: 'sync',
                type: 'button',
                disabled: running,
                onclick: () =>
                  openSyncDialog(app, (body) =>
                    apps.sync(name, body).then(() => {
                      notice.textContent = body.dryRun ? 'Dry run requested.' : 'Sync requested.';
                    }),
                  ),
              },
              'Sync',
            )
          : h('small.muted', {}, 'read only'),
        admin && running
          ? h(
              'button',
              {
                type: 'button',
                onclick: () => act('Stopping the sync.', () => apps.terminate(name)),
              },
              'Terminate',
            )
          : null,
      ),
      h(
        'dl.facts',
        {},
        h('dt', {}, 'Repository'),
        h('dd', {}, h('code', {}, src.repoURL)),
        h('dt', {}, 'Path'),
        h('dd', {}, src.path ?? '.'),
        h('dt', {}, 'Target'),
        h(
          'dd',
          {},
          src.targetRevision ?? 'HEAD',
          ' ',
          h('code', { title: s.sync?.revision }, shortSha(s.sync?.revision)),
        ),
        h('dt', {}, 'Destination'),
        h('dd', {}, app.spec.destination?.namespace ?? ''),
        h('dt', {}, 'Auto-sync'),
        h('dd', {}, app.spec.syncPolicy?.automated ? (s.autoSyncPause ? 'paused' : 'on') : 'off'),
        h('dt', {}, 'Compared'),
        h('dd', {}, ago(s.reconciledAt)),
      ),
      (s.conditions ?? []).length
        ? h(
            'ul.conditions',
            {},
            s.conditions.map((c) => h(`li.${conditionSeverity(c.type)}`, {}, conditionText(c))),
          )
        : null,
      rollouts.length
        ? h(
            'div.rollouts',
            {},
            rollouts.map((r) => {
              const { desired, updated, ready, available } = r.rollout;
              const pct = desired
                ? Math.round((100 * Math.min(updated, available)) / desired)
                : 100;
              return h(
                'div.rollout',
                {},
                h('span', {}, `${r.kind}/${r.name}`),
                h('progress', { max: 100, value: pct, 'aria-label': `${r.name} rollout` }),
                h(
                  'small.muted',
                  {},
                  `${updated}/${desired} updated · ${ready} ready · ${available} available`,
                ),
              );
            }),
          )
        : null,
    );
  }

  function renderTabs() {
    fill(
      tabs,
      ...TABS.map((t) =>
        h(
          `button.tab${t === tab ? '.on' : ''}`,
          {
            type: 'button',
            role: 'tab',
            'aria-selected': String(t === tab),
            onclick: () => {
              tab = t;
              sessionStorage.setItem('ferry.tab', t);
              renderTabs();
              loadPanel();
            },
          },
          t,
        ),
      ),
    );
  }

  let loading = false;
  let again = false;
  async function loadPanel() {
    if (loading) {
      again = true;
      return;
    }
    loading = true;
    try {
      if (tab === 'Resources') fill(panel, renderTree((await apps.tree(name)).nodes));
      else if (tab === 'Diff') fill(panel, renderDiff(await apps.managed(name)));
      else if (tab === 'History') fill(panel, renderHistory());
      else fill(panel, renderEvents((await apps.events(name)).items));
    } catch (err) {
      fill(panel, h('p.error', {}, err.message));
    } finally {
      loading = false;
      if (again && !stopped) {
        again = false;
        setTimeout(loadPanel, 500);
      }
    }
  }

  function renderDiff(managed) {
    const changed = managed.items.filter((r) => r.modified);
    return h(
      'div.diffs',
      {},
      h(
        'p.muted',
        {},
        changed.length
          ? `${changed.length} of ${managed.items.length} resources differ from Git at ${shortSha(managed.revision)}.`
          : `All ${managed.items.length} resources match Git at ${shortSha(managed.revision)}.`,
      ),
      managed.items.map((r) =>
        h(
          'details.diff',
          { open: r.modified },
          h(
            'summary',
            {},
            badge(r.status),
            ` ${r.kind}/${r.namespace ? `${r.namespace}/` : ''}${r.name}`,
          ),
          r.diff
            ? h(
                'pre',
                {},
                r.diff
                  .split('\n')
                  .map((line) =>
                    h(
                      `span.${line.startsWith('+') ? 'add' : line.startsWith('-') ? 'del' : line.startsWith('@@') ? 'hunk' : 'ctx'}`,
                      {},
                      `${line}\n`,
                    ),
                  ),
              )
            : h('p.muted', {}, 'No difference.'),
        ),
      ),
    );
  }

  function renderHistory() {
    const items = [...(app.status?.history ?? [])].sort((a, b) => b.id - a.id);
    if (!items.length) return h('p.muted', {}, 'No syncs yet.');
    const current = app.status?.sync?.revision;
    return h(
      'table.history',
      {},
      h(
        'thead',
        {},
        h(
          'tr',
          {},
          h('th', {}, 'ID'),
          h('th', {}, 'Revision'),
          h('th', {}, 'Deployed'),
          h('th', {}, 'By'),
          h('th', {}, ''),
        ),
      ),
      h(
        'tbody',
        {},
        items.map((entry) =>
          h(
            'tr',
            {},
            h('td', {}, String(entry.id)),
            h(
              'td',
              {},
              h('code', { title: entry.revision }, shortSha(entry.revision)),
              entry.revision === current ? h('small.muted', {}, ' current') : null,
            ),
            h('td', {}, ago(entry.deployedAt)),
            h(
              'td',
              {},
              entry.initiatedBy?.automated ? 'auto-sync' : (entry.initiatedBy?.username ?? ''),
            ),
            h(
              'td',
              {},
              admin
                ? h(
                    'button.small',
                    {
                      type: 'button',
                      onclick: () => {
                        if (
                          confirm(
                            `Roll ${name} back to #${entry.id} (${shortSha(entry.revision)})? Auto-sync pauses until a new commit.`,
                          )
                        ) {
                          act(`Rolling back to #${entry.id}.`, () => apps.rollback(name, entry.id));
                        }
                      },
                    },
                    'Rollback',
                  )
                : null,
            ),
          ),
        ),
      ),
    );
  }

  function renderEvents(items) {
    if (!items.length) return h('p.muted', {}, 'No events.');
    return h(
      'ul.events',
      {},
      items.map((e) =>
        h(
          `li.${e.type === 'Warning' ? 'error' : 'normal'}`,
          {},
          h('small.muted', {}, `${ago(e.lastTimestamp)} `),
          h('strong', {}, e.reason),
          ` ${e.involvedObject.kind}/${e.involvedObject.name}: ${e.message}`,
          e.count > 1 ? h('small.muted', {}, ` ×${e.count}`) : null,
        ),
      ),
    );
  }

  function render() {
    renderSummary();
    renderOperation(app);
  }

  let panelTimer;
  const stop = followApps(
    `?name=${encodeURIComponent(name)}`,
    (type, changed) => {
      if (type === 'DELETED') {
        location.hash = '#/';
        return;
      }
      app = changed;
      render();
      if (tab === 'History') fill(panel, renderHistory());
      else {
        clearTimeout(panelTimer);
        panelTimer = setTimeout(loadPanel, 400);
      }
    },
    setConnection,
  );
  renderTabs();
  apps
    .get(name)
    .then((loaded) => {
      app = app ?? loaded;
      render();
      loadPanel();
    })
    .catch((err) => {
      fill(
        summary,
        h('p.error', {}, err.status === 404 ? `No application named ${name}.` : err.message),
      );
    });
  return () => {
    stopped = true;
    clearTimeout(panelTimer);
    stop();
  };
}
