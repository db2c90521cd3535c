/**
 * A tiny webhook receiver for local runs: Grafana's contact point posts here (the default
 * ALERT_WEBHOOK_URL, http://alert-sink:9094/alerts in compose) and every alert is printed as
 * one JSON line, so `docker compose logs alert-sink` shows what fired and what resolved.
 *
 * `node --import tsx grafana/alert-sink.ts` (env ALERT_SINK_PORT, default 9094).
 */
import { createServer, type Server } from 'node:http';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { z } from 'zod';

/** ALERT_SINK_PORT, validated once: an empty or non-numeric value is an error, not port 0. */
export function alertSinkPort(env: Record<string, string | undefined>): number {
  const r = z.coerce.number().int().min(1).max(65_535).default(9094).safeParse(env.ALERT_SINK_PORT);
  if (!r.success) throw new Error(`ALERT_SINK_PORT must be a TCP port (1-65535), got ${JSON.stringify(env.ALERT_SINK_PORT)}`);
  return r.data;
}

export interface ReceivedAlert {
  status: string;
  alertname: string;
  labels: Record<string, string>;
  summary: string;
  startsAt?: string;
}

interface WebhookBody {
  alerts?: { status?: string; labels?: Record<string, string>; annotations?: Record<string, string>; startsAt?: string }[];
}

/** Starts the sink; `onAlert` gets each alert of each notification. Port 0 picks a free port. */
export async function startAlertSink(port: number, onAlert: (a: ReceivedAlert) => void): Promise<{ port: number; close(): Promise<void> }> {
  const server: Server = createServer((req, res) => {
    if (req.method !== 'POST') {
      res.writeHead(req.url === '/health' ? 200 : 405).end();
      return;
    }
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (c: string) => {
      body += c;
      if (body.length > 5_000_000) req.destroy(); // a notification is small; refuse floods
    });
    req.on('end', () => {
      let parsed: WebhookBody;
      try {
        parsed = JSON.parse(body) as WebhookBody;
      } catch {
        res.writeHead(400).end('expected a JSON body');
        return;
      }
      for (const a of parsed.alerts ?? []) {
        const labels = a.labels ?? {};
        onAlert({ status: a.status ?? 'unknown', alertname: labels.alertname ?? '', labels, summary: a.annotations?.summary ?? '', startsAt: a.startsAt });
      }
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((ok, fail) => server.once('error', fail).listen(port, ok));
  const address = server.address();
  return {
    port: typeof address === 'object' && address ? address.port : port,
    close: () => new Promise<void>((ok) => server.close(() => ok())),
  };
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  let port = 9094;
  try {
    port = alertSinkPort(process.env);
  } catch (err) {
    process.stderr.write(`alert sink: ${(err as Error).message}\n`);
    process.exit(2);
  }
  startAlertSink(port, (a) => process.stdout.write(`${JSON.stringify({ at: new Date().toISOString(), ...a })}\n`)).then(
    (s) => process.stderr.write(`alert sink listening on :${s.port} (POST /alerts)\n`),
    (err: unknown) => {
      process.stderr.write(`alert sink failed: ${String(err)}\n`);
      process.exit(1);
    },
  );
}
