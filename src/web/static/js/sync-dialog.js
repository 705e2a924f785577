// The sync dialog: prune, dry run, revision and a choice of resources.
import { h } from './dom.js';

export function openSyncDialog(app, onSubmit) {
  const resources = app.status?.resources ?? [];
  const prune = h('input', { type: 'checkbox', id: 'sync-prune', name: 'prune' });
  const dryRun = h('input', { type: 'checkbox', id: 'sync-dry-run', name: 'dryRun' });
  const revision = h('input', {
    id: 'sync-revision',
    name: 'revision',
    placeholder: app.spec?.source?.targetRevision ?? 'HEAD',
  });
  const boxes = resources.map((r) => {
    const box = h('input', {
      type: 'checkbox',
      checked: true,
      dataset: { ref: JSON.stringify(r) },
    });
    return h(
      'label.resource',
      {},
      box,
      ` ${r.kind}/${r.name} `,
      h('small.muted', {}, r.status === 'Synced' ? '' : r.status),
    );
  });
  const error = h('p.error', { role: 'alert' });
  const dialog = h(
    'dialog.sync-dialog',
    {},
    h(
      'form',
      {
        method: 'dialog',
        onsubmit: async (event) => {
          event.preventDefault();
          const chosen = boxes
            .map((label) => label.querySelector('input'))
            .filter((box) => box.checked)
            .map((box) => JSON.parse(box.dataset.ref));
          const body = { prune: prune.checked, dryRun: dryRun.checked };
          if (revision.value.trim()) body.revision = revision.value.trim();
          if (chosen.length < boxes.length) {
            if (chosen.length === 0) {
              error.textContent = 'Choose at least one resource.';
              return;
            }
            body.resources = chosen.map((r) => ({
              group: r.group,
              kind: r.kind,
              name: r.name,
              namespace: r.namespace,
            }));
          }
          try {
            await onSubmit(body);
            dialog.close();
            dialog.remove();
          } catch (err) {
            error.textContent = err.message;
          }
        },
      },
      h('h2', {}, `Sync ${app.metadata.name}`),
      h(
        'div.options',
        {},
        h('label', {}, prune, ' Prune resources no longer in Git'),
        h('label', {}, dryRun, ' Dry run (change nothing)'),
      ),
      h('label', { for: 'sync-revision' }, 'Revision'),
      revision,
      boxes.length ? h('fieldset.resources', {}, h('legend', {}, 'Resources'), boxes) : null,
      error,
      h(
        'div.actions',
        {},
        h('button', { type: 'button', onclick: () => (dialog.close(), dialog.remove()) }, 'Cancel'),
        h('button.primary', { type: 'submit' }, 'Synchronize'),
      ),
    ),
  );
  document.body.append(dialog);
  dialog.showModal();
}
