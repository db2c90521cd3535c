import { afterEach, describe, expect, it } from 'vitest';
import { alertSinkPort, startAlertSink, type ReceivedAlert } from '../../alert-sink.js';

describe('alert sink port', () => {
  it('defaults to 9094, reads a valid port, and refuses an empty or non-numeric one', () => {
    expect(alertSinkPort({})).toBe(9094);
    expect(alertSinkPort({ ALERT_SINK_PORT: '9200' })).toBe(9200);
    expect(() => alertSinkPort({ ALERT_SINK_PORT: '' })).toThrow(/ALERT_SINK_PORT must be a TCP port.*""/);
    expect(() => alertSinkPort({ ALERT_SINK_PORT: 'abc' })).toThrow(/ALERT_SINK_PORT/);
    expect(() => alertSinkPort({ ALERT_SINK_PORT: '70000' })).toThrow(/ALERT_SINK_PORT/);
  });
});

describe('alert sink', () => {
  let close: (() => Promise<void>) | undefined;
  afterEach(async () => close?.());

  it('receives a Grafana webhook notification and reports each alert', async () => {
    const got: ReceivedAlert[] = [];
    const sink = await startAlertSink(0, (a) => got.push(a));
    close = sink.close;
    // The shape Grafana's webhook contact point posts (abridged).
    const body = {
      receiver: 'tickflow-webhook',
      status: 'firing',
      alerts: [
        { status: 'firing', labels: { alertname: 'RSI overbought', symbol: 'AAPL', severity: 'warning' }, annotations: { summary: 'AAPL is overbought' }, startsAt: '2026-01-05T00:00:00Z' },
        { status: 'resolved', labels: { alertname: 'Stale market data', symbol: 'BTC-USD' }, annotations: { summary: 'ok' } },
      ],
    };
    const res = await fetch(`http://127.0.0.1:${sink.port}/alerts`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
    expect(res.status).toBe(204);
    expect(got.map((a) => `${a.status}:${a.alertname}:${a.labels.symbol}`)).toEqual(['firing:RSI overbought:AAPL', 'resolved:Stale market data:BTC-USD']);
    expect(got[0]?.summary).toBe('AAPL is overbought');
    expect((await fetch(`http://127.0.0.1:${sink.port}/alerts`, { method: 'POST', body: 'nope' })).status).toBe(400);
    expect((await fetch(`http://127.0.0.1:${sink.port}/health`)).status).toBe(200);
  });
});
