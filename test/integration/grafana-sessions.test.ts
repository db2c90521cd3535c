import { beforeAll, describe, expect, it } from 'vitest';
import { provisionedRules } from '../../grafana/test/support/alerts.js';
import { runFlux } from '../../grafana/test/support/flux.js';

// The stale-feed rule's session hours, run on their own in InfluxDB: the rule's own Flux
// (everything before its `quotes` query) applied to crafted instants, so every exchange's
// local hours, daylight saving time and the weekend are checked without seeding quotes.
let prelude: string;

beforeAll(async () => {
  const query = String((await provisionedRules()).get('tickflow-stale-feed')?.data[0]?.model.query ?? '');
  const end = query.indexOf('\nquotes = ');
  if (end < 0) throw new Error('stale-feed query has no `quotes =` line to cut before');
  prelude = query.slice(0, end);
});

interface Case {
  why: string;
  symbol: string;
  at: string;
  last: string;
  state: string;
  seconds: number;
}

const CASES: Case[] = [
  { why: 'New York in summer (EDT): 09:40 local, feed died after hours', symbol: 'AAPL', at: '2026-07-15T13:40:00Z', last: '2026-07-14T23:00:00Z', state: 'POST', seconds: 600 },
  { why: 'New York in winter (EST): 13:40 UTC is 08:40, before the open', symbol: 'AAPL', at: '2026-11-25T13:40:00Z', last: '2026-11-24T23:00:00Z', state: 'CLOSED', seconds: 0 },
  { why: 'New York in winter: 09:40 local, feed died overnight', symbol: 'AAPL', at: '2026-11-25T14:40:00Z', last: '2026-11-25T08:20:00Z', state: 'CLOSED', seconds: 600 },
  { why: 'New York: quoting during the session, 100 s since the last quote', symbol: 'AAPL', at: '2026-11-25T18:00:00Z', last: '2026-11-25T17:58:20Z', state: 'REGULAR', seconds: 100 },
  { why: 'New York: 16:00 local is the close', symbol: 'AAPL', at: '2026-11-25T21:00:00Z', last: '2026-11-25T17:00:00Z', state: 'REGULAR', seconds: 0 },
  { why: 'New York: a POST quote after the open (early close) keeps the day quiet', symbol: 'AAPL', at: '2026-11-27T19:00:00Z', last: '2026-11-27T18:05:00Z', state: 'POST', seconds: 0 },
  { why: 'Saturday inside the usual hours', symbol: 'AAPL', at: '2026-11-28T15:00:00Z', last: '2026-11-27T21:00:00Z', state: 'CLOSED', seconds: 0 },
  { why: 'London in summer (BST): 08:10 local', symbol: 'BP.L', at: '2026-07-15T07:10:00Z', last: '2026-07-14T16:00:00Z', state: 'CLOSED', seconds: 600 },
  { why: 'London in winter (GMT): 07:10 UTC is before the 08:00 open', symbol: 'BP.L', at: '2026-11-25T07:10:00Z', last: '2026-11-24T16:00:00Z', state: 'CLOSED', seconds: 0 },
  { why: 'Tokyo: 09:10 local is 00:10 UTC', symbol: '7203.T', at: '2026-11-25T00:10:00Z', last: '2026-11-24T06:30:00Z', state: 'CLOSED', seconds: 600 },
  { why: 'Paris in winter (CET): 09:05 local', symbol: 'MC.PA', at: '2026-11-25T08:05:00Z', last: '2026-11-24T17:00:00Z', state: 'CLOSED', seconds: 300 },
];

describe('silentInSession: seconds a feed has been silent inside its exchange\'s regular session', () => {
  it.each(CASES)('$why: $seconds s', async (c) => {
    const flux = `import "array"\n${prelude}\narray.from(rows: [{symbol: "${c.symbol}", at: ${c.at}, last: ${c.last}, state: "${c.state}"}])
  |> map(fn: (r) => ({_value: silentInSession(symbol: r.symbol, last: r.last, state: r.state, at: r.at)}))`;
    const tables = await runFlux(flux);
    expect(tables.flatMap((t) => t.rows.map((r) => r._value))).toEqual([c.seconds]);
  });
});
