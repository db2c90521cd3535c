/** Minimal InfluxDB v2 HTTP helpers for the bench (buckets, Flux queries, cleanup). */

const created = new Set<string>();
let cachedOrgId: string | undefined;

function env(): { url: string; token: string; org: string } {
  return { url: process.env.INFLUX_URL ?? '', token: process.env.INFLUX_TOKEN ?? '', org: process.env.INFLUX_ORG ?? 'tickflow' };
}

async function api(path: string, init: RequestInit = {}): Promise<Response> {
  const { url, token } = env();
  const res = await fetch(`${url}${path}`, { ...init, headers: { Authorization: `Token ${token}`, 'Content-Type': 'application/json', ...(init.headers ?? {}) } });
  if (!res.ok) throw new Error(`InfluxDB ${init.method ?? 'GET'} ${path}: ${res.status} ${await res.text()}`);
  return res;
}

async function orgId(): Promise<string> {
  if (cachedOrgId) return cachedOrgId;
  const body = (await (await api(`/api/v2/orgs?org=${encodeURIComponent(env().org)}`)).json()) as { orgs: { id: string }[] };
  cachedOrgId = body.orgs[0]?.id;
  if (!cachedOrgId) throw new Error(`InfluxDB org ${env().org} not found`);
  return cachedOrgId;
}

export async function createBucket(name: string): Promise<string> {
  await api('/api/v2/buckets', { method: 'POST', body: JSON.stringify({ orgID: await orgId(), name, retentionRules: [] }) });
  created.add(name);
  return name;
}

/** Runs Flux and returns the annotated-CSV rows as objects of strings. */
export async function queryCsv(flux: string): Promise<Record<string, string>[]> {
  const res = await api(`/api/v2/query?org=${encodeURIComponent(env().org)}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/vnd.flux', Accept: 'application/csv' },
    body: flux,
  });
  const rows: Record<string, string>[] = [];
  let header: string[] | undefined;
  for (const line of (await res.text()).split(/\r?\n/)) {
    if (line === '') {
      header = undefined; // a blank line separates tables, each with its own header
      continue;
    }
    const cells = line.split(',');
    if (!header) header = cells;
    else rows.push(Object.fromEntries(header.map((h, i) => [h, cells[i] ?? ''])));
  }
  return rows;
}

/** Writes line protocol (precision ms) in one request; resolves on 204. */
export async function writeLines(bucket: string, body: string, gzip = false): Promise<void> {
  const { org } = env();
  const init: RequestInit = { method: 'POST', headers: { 'Content-Type': 'text/plain; charset=utf-8' }, body };
  if (gzip) {
    const { gzipSync } = await import('node:zlib');
    init.body = gzipSync(body);
    init.headers = { 'Content-Type': 'text/plain; charset=utf-8', 'Content-Encoding': 'gzip' };
  }
  await api(`/api/v2/write?org=${encodeURIComponent(org)}&bucket=${encodeURIComponent(bucket)}&precision=ms`, init);
}

/** Deletes one bucket the bench created (its shards go with it: no compaction left behind). */
export async function dropBucket(name: string): Promise<void> {
  const found = await api(`/api/v2/buckets?orgID=${await orgId()}&name=${encodeURIComponent(name)}`)
    .then((r) => r.json() as Promise<{ buckets?: { id: string }[] }>)
    .catch(() => ({ buckets: [] }));
  for (const b of found.buckets ?? []) await api(`/api/v2/buckets/${b.id}`, { method: 'DELETE' }).catch(() => undefined);
  created.delete(name);
}

export async function cleanupInflux(): Promise<void> {
  for (const name of [...created]) await dropBucket(name);
}
