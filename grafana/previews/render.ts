/**
 * Opens the preview page for one dashboard view in Chromium, at a fixed viewport, in UTC, with
 * the page's clock pinned to the view's "now", and reports what it drew: console errors, and per
 * panel its type, renderer, whether it drew anything and whether it has a legend.
 */
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import type { BrowserContext } from 'playwright-core';
import { VIEWPORT } from './browser.js';
import type { PageBundle } from './bundle.js';
import type { PreviewData } from './data.js';

export interface PanelReport {
  id: number;
  type: string;
  renderer: string;
  /** The panel drew something: a canvas, an SVG, a table, a value, or its "No data" text. */
  drawn: boolean;
  noData: boolean;
  legend: boolean;
  error: string | null;
}
export interface PreviewReport {
  errors: string[];
  panels: PanelReport[];
  png: Buffer;
}

/** The page's own origin, answered by the route below: a real origin, so Grafana's code may use localStorage. */
const ORIGIN = 'http://tickflow-preview.invalid';
const require = createRequire(import.meta.url);
/**
 * Grafana's stylesheet asks for Inter under public/fonts/inter/ (Grafana's server serves it):
 * the same font from @fontsource/inter; Roboto Mono, not packaged here, falls back to DejaVu.
 */
const FONTS: Record<string, string> = {
  'inter/Inter-Regular.woff2': '@fontsource/inter/files/inter-latin-400-normal.woff2',
  'inter/Inter-Medium.woff2': '@fontsource/inter/files/inter-latin-500-normal.woff2',
  'inter/Inter-Italic.woff2': '@fontsource/inter/files/inter-latin-400-italic.woff2',
  'inter/Inter-MediumItalic.woff2': '@fontsource/inter/files/inter-latin-500-italic.woff2',
};
const fontFile = (path: string): string => (FONTS[path] ? require.resolve(FONTS[path]) : '/usr/share/fonts/truetype/dejavu/DejaVuSansMono.ttf');
/** What Grafana's server puts in the page before its scripts; @grafana/runtime's config reads it. */
const BOOT_DATA = { assets: { dark: '', light: '' }, settings: {}, user: {}, navTree: [] };

const html = (bundle: PageBundle) =>
  `<!doctype html><html><head><meta charset="utf-8"><style>${bundle.css}</style><style>html,body{margin:0;background:#111217}</style></head><body><div id="root"></div><script src="/page.js"></script></body></html>`;

export async function renderPreview(context: BrowserContext, bundle: PageBundle, data: PreviewData, dashboard: unknown): Promise<PreviewReport> {
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text());
  });
  page.on('pageerror', (e) => errors.push(String(e)));
  page.on('requestfailed', (r) => errors.push(`request refused: ${r.url()}`));
  // Nothing leaves the machine: the page and its script are answered here, anything else is refused.
  await page.route('**/*', (route) => {
    const url = route.request().url();
    if (url === `${ORIGIN}/`) return route.fulfill({ contentType: 'text/html', body: html(bundle) });
    if (url === `${ORIGIN}/page.js`) return route.fulfill({ contentType: 'text/javascript', body: bundle.js });
    if (url.startsWith(`${ORIGIN}/public/fonts/`)) return readFile(fontFile(url.slice(`${ORIGIN}/public/fonts/`.length))).then((body) => route.fulfill({ body }));
    return route.abort();
  });
  await page.clock.setFixedTime(new Date(data.to));
  await page.addInitScript(({ preview, boot }) => Object.assign(globalThis, { __preview: preview, grafanaBootData: boot }), { preview: { data, dashboard, width: VIEWPORT.width }, boot: BOOT_DATA });
  await page.goto(`${ORIGIN}/`);
  await page.waitForFunction('window.__previewDone === true', undefined, { timeout: 60_000 }).catch((e: unknown) => {
    throw new Error(`${data.key}: the page did not finish (${String(e)}); page errors:\n${errors.join('\n')}`);
  });
  // Tables draw only the rows in view: the viewport grows to the whole dashboard before the shot.
  const height = await page.evaluate<number>('document.documentElement.scrollHeight');
  await page.setViewportSize({ width: VIEWPORT.width, height });
  await page.evaluate('new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done)))');
  const panels = await page.$$eval('[data-panel-id]', (els) =>
    els.map((el) => ({
      id: Number(el.getAttribute('data-panel-id')),
      type: el.getAttribute('data-panel-type') ?? '',
      renderer: el.getAttribute('data-renderer') ?? '',
      drawn: ((b) => b !== null && (b.querySelector('canvas, svg *') !== null || (b.textContent ?? '').trim() !== ''))(el.querySelector('[data-panel-body]')),
      noData: el.querySelector('[data-no-data]') !== null,
      legend: el.querySelector('[data-testid="data-testid viz-layout-legend"]') !== null,
      error: el.querySelector('[data-panel-error]')?.textContent ?? null,
    })),
  );
  const png = await page.screenshot({ animations: 'disabled' });
  await page.close();
  return { errors, panels, png };
}
