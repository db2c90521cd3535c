/**
 * `npm run previews:render`: draws grafana/docs/<key>.png for every saved dashboard view in
 * grafana/previews/data/ (saved by the frames test: `npm run previews` does both). Fails when
 * the page logs an error or a panel draws nothing.
 */
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadProject } from '../check/validate.js';
import { launchChromium } from './browser.js';
import { bundlePage } from './bundle.js';
import { parsePreviewData } from './data.js';
import { renderPreview } from './render.js';

const here = (p: string) => fileURLToPath(new URL(p, import.meta.url));
const DATA = process.env.TICKFLOW_PREVIEW_DATA ?? here('./data');
const DOCS = process.env.TICKFLOW_PREVIEW_OUT ?? here('../docs');

const dashboards = new Map((await loadProject()).dashboards.map((d) => [d.data.uid, d.data]));
const files = (await readdir(DATA)).filter((f) => f.endsWith('.json')).sort();
const bundle = await bundlePage();
const chromium = await launchChromium();
let failed = 0;
try {
  for (const file of files) {
    const data = parsePreviewData(await readFile(join(DATA, file), 'utf8'), file);
    const dashboard = dashboards.get(data.uid);
    if (!dashboard) throw new Error(`${file}: no dashboard ${data.uid}`);
    const r = await renderPreview(chromium.context, bundle, data, dashboard);
    const bad = [...r.errors, ...r.panels.filter((p) => !p.drawn || p.error).map((p) => `panel ${p.id} (${p.type}): ${p.error ?? 'nothing drawn'}`)];
    await writeFile(join(DOCS, `${data.key}.png`), r.png);
    process.stderr.write(`${data.key}.png: ${r.panels.length} panels${bad.length ? `, ${bad.length} problems:\n  ${bad.join('\n  ')}` : ''}\n`);
    failed += bad.length;
  }
} finally {
  await chromium.close();
}
process.exitCode = failed > 0 ? 1 : 0;
