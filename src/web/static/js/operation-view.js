// Operation progress: each phase, the Sync phase by wave, hooks by phase, every result.
import { apps } from './api.js';
import { ago, badge, fill, h } from './dom.js';
import { phaseText } from './words.js';

const PHASES = ['PreSync', 'Sync', 'PostSync', 'SyncFail'];
const WAVE_ANNOTATION = 'argocd.argoproj.io/sync-wave';

const keyOf = (r) => `${r.group}/${r.kind}/${r.namespace}/${r.name}`;

function waveOf(obj) {
  const wave = Number.parseInt(obj?.metadata?.annotations?.[WAVE_ANNOTATION] ?? '0', 10);
  return Number.isFinite(wave) ? wave : 0;
}

/** Results in the order a sync runs them: phase, then wave; hooks after the wave's objects. */
function groupResults(results, waves) {
  const groups = new Map();
  for (const r of results) {
    const phase = Math.max(0, PHASES.indexOf(r.syncPhase));
    const wave = r.hookType ? 0 : (waves.get(keyOf(r)) ?? 0);
    const label = r.hookType
      ? `${r.syncPhase} hooks`
      : r.syncPhase === 'Sync'
        ? `Sync · wave ${wave}`
        : r.syncPhase;
    const group = groups.get(label) ?? {
      label,
      order: [phase, r.hookType ? 1 : 0, wave],
      items: [],
    };
    group.items.push(r);
    groups.set(label, group);
  }
  return [...groups.values()].sort((a, b) => {
    for (let i = 0; i < 3; i++) if (a.order[i] !== b.order[i]) return a.order[i] - b.order[i];
    return 0;
  });
}

/**
 * Draws the operation of one app into `section`. Waves are read from the app's desired
 * objects (managed-resources) once per operation, as results do not carry them.
 */
export function operationView(section, name) {
  let waves = new Map();
  let wavesFor;
  let current;

  function loadWaves(op) {
    if (wavesFor === op.startedAt) return;
    wavesFor = op.startedAt;
    apps
      .managed(name)
      .then((managed) => {
        waves = new Map(
          managed.items.map((r) => [
            keyOf(r),
            waveOf(r.predictedLiveState ?? r.normalizedLiveState),
          ]),
        );
        if (current) render(current);
      })
      .catch(() => undefined);
  }

  function render(app) {
    current = app;
    const op = app.status?.operationState;
    if (!op) {
      fill(section);
      return;
    }
    loadWaves(op);
    const results = op.syncResult?.resources ?? [];
    fill(
      section,
      h(
        'div.op-head',
        {},
        badge(op.phase),
        h('strong', {}, ` ${phaseText(op.phase)}`),
        op.operation?.sync?.dryRun ? h('small.muted', {}, ' (dry run)') : null,
        h('span.muted', {}, ` ${op.message ?? ''}`),
        h(
          'small.muted',
          {},
          ` started ${ago(op.startedAt)}${op.finishedAt ? `, finished ${ago(op.finishedAt)}` : ''}`,
        ),
      ),
      groupResults(results, waves).map((group) =>
        h(
          'details.phase',
          { open: op.phase === 'Running' || group.items.length < 12 },
          h('summary', {}, `${group.label} — ${group.items.length} resource(s)`),
          h(
            'ul.results',
            {},
            group.items.map((r) =>
              h(
                'li',
                {},
                badge(r.hookPhase ?? r.status),
                ` ${r.kind}/${r.name}`,
                r.hookType ? h('small.muted', {}, ` hook ${r.hookType}`) : null,
                r.message ? h('small.muted', {}, ` — ${r.message}`) : null,
              ),
            ),
          ),
        ),
      ),
    );
  }

  return render;
}
