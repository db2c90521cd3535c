import { describe, expect, it } from 'vitest';
import { route } from '../../check/routing.js';
import { loadProject } from '../../check/validate.js';

describe('notification routing (Alertmanager: first matching child route wins)', () => {
  const tree = {
    receiver: 'default',
    routes: [
      { receiver: 'pager', object_matchers: [['severity', '=', 'critical']] },
      { receiver: 'markets', object_matchers: [['team', '=', 'markets']], routes: [{ receiver: 'btc', object_matchers: [['symbol', '=~', 'BTC-.*']] }] },
      { receiver: 'audit', object_matchers: [['team', '!=', '']], continue: true },
      { receiver: 'late', object_matchers: [['team', '=', 'sales']] },
    ],
  };

  it('stops at the first match, descends into nested routes, falls back to the parent', () => {
    expect(route(tree, { severity: 'critical', team: 'markets' })).toEqual([{ receiver: 'pager', path: [0] }]);
    expect(route(tree, { team: 'markets', symbol: 'BTC-USD' })).toEqual([{ receiver: 'btc', path: [1, 0] }]);
    expect(route(tree, { team: 'markets', symbol: 'AAPL' })).toEqual([{ receiver: 'markets', path: [1] }]);
    expect(route(tree, {})).toEqual([{ receiver: 'default', path: [] }]);
  });

  it('continue: true lets later siblings match too', () => {
    expect(route(tree, { team: 'sales' }).map((r) => r.receiver)).toEqual(['audit', 'late']);
  });

  it('the provisioned policy sends every critical rule to tickflow-critical', async () => {
    const p = await loadProject();
    const policy = p.alerting.flatMap((f) => f.data.policies ?? [])[0];
    expect(policy).toBeDefined();
    for (const f of p.alerting) {
      for (const g of f.data.groups ?? []) {
        for (const r of g.rules) {
          const to = route(policy!, { ...r.labels, alertname: r.title, symbol: 'AAPL' }).map((x) => x.receiver);
          expect(to, r.uid).toEqual([r.labels.severity === 'critical' ? 'tickflow-critical' : 'tickflow-webhook']);
        }
      }
    }
  });
});
