import { readFileSync } from 'node:fs';

/**
 * Replays recorded Yahoo HTTP exchanges (producer/test/fixtures/yahoo, taken from the
 * yahoo-finance2 repository's tests/fixtures/http; see the README there) through an injected
 * fetch, so tests exercise the real yahoo-finance2 code paths without any network.
 */
export interface RecordedExchange {
  request: { url: string; method: string };
  response: { status: number; statusText: string; headers: Record<string, string | string[]>; bodyJson?: unknown; bodyText?: string };
}

const DIR = new URL('../fixtures/yahoo/', import.meta.url);

export function loadFixture(name: string): RecordedExchange {
  return JSON.parse(readFileSync(new URL(name, DIR), 'utf8')) as RecordedExchange;
}

export function toResponse(fx: RecordedExchange): Response {
  const headers = new Headers();
  for (const [k, v] of Object.entries(fx.response.headers)) {
    if (k === 'content-length') continue; // the stored bodies are re-serialised
    for (const one of Array.isArray(v) ? v : [v]) headers.append(k, one);
  }
  const body = fx.response.bodyJson !== undefined ? JSON.stringify(fx.response.bodyJson) : (fx.response.bodyText ?? '');
  return new Response(body, { status: fx.response.status, statusText: fx.response.statusText, headers });
}

export type Responder = (url: URL) => Response | Promise<Response>;

/** A recorded exchange, optionally edited (e.g. to break one field for a validation test). */
export function recorded(name: string, edit?: (fx: RecordedExchange) => void): Responder {
  return () => {
    const fx = loadFixture(name);
    edit?.(fx);
    return toResponse(fx);
  };
}

/** A bare status answer, as Yahoo's edge sends for 429 (text body, optional Retry-After). */
export function status(code: number, body = '', headers: Record<string, string> = {}): Responder {
  return () => new Response(body, { status: code, headers });
}

/** What undici throws when the connection fails. */
export function networkError(code = 'ECONNRESET'): Responder {
  return () => {
    throw new TypeError('fetch failed', { cause: Object.assign(new Error(`read ${code}`), { code }) });
  };
}

/**
 * Serves a recorded chart() answer cut to the requested [period1, period2), as Yahoo does for a
 * narrower request, so chunked backfills can be replayed from one long recording.
 */
export function chartSlice(name: string): Responder {
  const fx = loadFixture(name);
  return (url) => {
    const p1 = Number(url.searchParams.get('period1'));
    const p2 = Number(url.searchParams.get('period2'));
    const copy = structuredClone(fx);
    const result = (copy.response.bodyJson as { chart: { result: ChartResult[] } }).chart.result[0] as ChartResult;
    const keep = result.timestamp.map((t) => t >= p1 && t < p2);
    result.timestamp = result.timestamp.filter((_, i) => keep[i]);
    for (const q of result.indicators.quote) for (const k of Object.keys(q)) q[k] = (q[k] as unknown[]).filter((_, i) => keep[i]);
    for (const a of result.indicators.adjclose ?? []) a.adjclose = a.adjclose.filter((_, i) => keep[i]);
    if (result.timestamp.length === 0) {
      // Yahoo's shape for a window without candles: no timestamp, one empty quote object.
      delete (result as Partial<ChartResult>).timestamp;
      result.indicators = { quote: [{}] };
    }
    return toResponse(copy);
  };
}

type RawQuote = Record<string, unknown> & { symbol: string };

/**
 * A /v7/finance/quote answer for whatever symbols were asked, built from recorded quote objects:
 * like Yahoo, it simply leaves out symbols it does not know. `edit` may change the quotes first.
 */
export function quotePool(names: string[], edit?: (q: RawQuote) => void): Responder {
  const pool = new Map<string, RawQuote>();
  for (const name of names) {
    const body = loadFixture(name).response.bodyJson as { quoteResponse: { result: RawQuote[] } };
    for (const q of body.quoteResponse.result) pool.set(q.symbol, q);
  }
  const template = loadFixture(names[0] as string);
  return (url) => {
    const asked = (url.searchParams.get('symbols') ?? '').split(',');
    const result = asked.flatMap((s) => {
      const q = pool.get(s);
      if (!q) return [];
      const copy = structuredClone(q);
      edit?.(copy);
      return [copy];
    });
    return toResponse({ ...template, response: { ...template.response, bodyJson: { quoteResponse: { result, error: null } } } });
  };
}

/** Yahoo's answer to a quote request with a stale crumb (as reported in iprak/yahoofinance#93). */
export function invalidCrumb(): Responder {
  return () =>
    new Response(JSON.stringify({ finance: { result: null, error: { code: 'Unauthorized', description: 'Invalid Crumb' } } }), {
      status: 401,
      headers: { 'content-type': 'application/json;charset=utf-8' },
    });
}

interface ChartResult {
  timestamp: number[];
  indicators: { quote: Record<string, unknown[]>[]; adjclose?: { adjclose: unknown[] }[] };
}

/** A fetch that answers from routes; each route plays its responders in order, the last one repeating. */
export class FixtureFetch {
  readonly calls: URL[] = [];
  private readonly routes: { match: (u: URL) => boolean; queue: Responder[] }[] = [];

  on(match: string | ((u: URL) => boolean), ...responders: Responder[]): this {
    const fn = typeof match === 'string' ? (u: URL) => `${u.host}${u.pathname}`.startsWith(match) : match;
    this.routes.push({ match: fn, queue: responders });
    return this;
  }

  /** The crumb/cookie session: the page request gets the recorded cookie-setting answer, then getcrumb. */
  withCrumbSession(): this {
    return this.on('finance.yahoo.com/quote/', recorded('getCrumb-quote-AAPL-copyConsent.json')).on('query1.finance.yahoo.com/v1/test/getcrumb', recorded('getCrumb-getcrumb.json'));
  }

  count(prefix: string): number {
    return this.calls.filter((u) => `${u.host}${u.pathname}`.startsWith(prefix)).length;
  }

  readonly fetch = async (input: string | URL | Request, _init?: RequestInit): Promise<Response> => {
    const url = new URL(input instanceof Request ? input.url : String(input));
    this.calls.push(url);
    const route = this.routes.find((r) => r.match(url));
    if (!route) throw new Error(`no fixture route for ${url.href}`);
    const responder = route.queue.length > 1 ? (route.queue.shift() as Responder) : (route.queue[0] as Responder);
    return responder(url);
  };
}
