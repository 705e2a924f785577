// The resource tree: the app's resources and what they own, with health and sync per node.
import { badge, h } from './dom.js';

export function renderTree(nodes) {
  if (!nodes.length) return h('p.muted', {}, 'No resources yet.');
  const children = new Map();
  const roots = [];
  for (const node of nodes) {
    const parent = node.parentRefs?.[0]?.uid;
    if (parent && nodes.some((n) => n.uid === parent)) {
      if (!children.has(parent)) children.set(parent, []);
      children.get(parent).push(node);
    } else roots.push(node);
  }
  const order = (a, b) => `${a.kind}/${a.name}`.localeCompare(`${b.kind}/${b.name}`);
  const item = (node) =>
    h(
      'li',
      {},
      h(
        'div.node',
        { dataset: { kind: node.kind, name: node.name } },
        h('span.kind', {}, node.kind),
        h('span.node-name', {}, node.name),
        node.status ? badge(node.status) : null,
        node.health ? badge(node.health.status) : null,
        node.rollout
          ? h('small.muted', {}, `${node.rollout.ready}/${node.rollout.desired} ready`)
          : null,
        (node.info ?? []).map((i) => h('small.muted', {}, `${i.name}: ${i.value}`)),
        node.health?.message ? h('small.muted.msg', {}, node.health.message) : null,
      ),
      node.uid && children.has(node.uid)
        ? h('ul', {}, children.get(node.uid).sort(order).map(item))
        : null,
    );
  return h('ul.tree', {}, roots.sort(order).map(item));
}
