/**
 * Alertmanager's routing, as Grafana's notification policies use it: from the root, the first
 * child route whose matchers all match takes the alert (later siblings only if it has
 * `continue: true`), recursively; an alert no child matches stays at the parent.
 */
import type { Route } from './schemas.js';

type Matcher = [string, string, string];

function matches(m: Matcher, labels: Readonly<Record<string, string>>): boolean {
  const [name, op, value] = m;
  const v = labels[name] ?? '';
  switch (op) {
    case '=':
      return v === value;
    case '!=':
      return v !== value;
    case '=~':
      return new RegExp(`^(?:${value})$`).test(v);
    case '!~':
      return !new RegExp(`^(?:${value})$`).test(v);
    default:
      throw new Error(`matcher operator ${op} not modelled`);
  }
}

export interface Routed {
  receiver: string;
  /** Indexes of the child routes taken from the root, e.g. [0] or [1, 0]. */
  path: number[];
}

/** The routes an alert with `labels` is delivered through (several with `continue`). */
export function route(root: Route, labels: Readonly<Record<string, string>>, path: number[] = [], receiver = String(root.receiver)): Routed[] {
  const out: Routed[] = [];
  for (const [i, child] of (root.routes ?? []).entries()) {
    const ms = (child.object_matchers ?? []) as Matcher[];
    if (!ms.every((m) => matches(m, labels))) continue;
    out.push(...route(child, labels, [...path, i], String(child.receiver ?? receiver)));
    if (!child.continue) break;
  }
  return out.length > 0 ? out : [{ receiver, path }];
}
