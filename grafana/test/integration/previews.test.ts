// The README's previews (npm run previews): every panel of every saved dashboard view is drawn in
// headless Chromium by the renderer its type is listed under, without an error, and a chart has
// a legend exactly when its options say `legend.showLegend`. Needs Debian's chromium (.ci/run).
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { allPanels, loadProject, type Dashboard } from '../../check/validate.js';
import { launchChromium, VIEWPORT, type Chromium } from '../../previews/browser.js';
import { bundlePage, type PageBundle } from '../../previews/bundle.js';
import { parsePreviewData, type PreviewData } from '../../previews/data.js';
import { renderPreview, type PreviewReport } from '../../previews/render.js';
import { RENDERERS } from '../../previews/renderers.js';

const DATA = fileURLToPath(new URL('../../previews/data', import.meta.url));
const views: PreviewData[] = await Promise.all(
  (await readdir(DATA)).filter((f) => f.endsWith('.json')).sort().map(async (f) => parsePreviewData(await readFile(join(DATA, f), 'utf8'), f)),
);
let dashboards: Map<string, Dashboard>;
let bundle: PageBundle;
let chromium: Chromium;

beforeAll(async () => {
  dashboards = new Map((await loadProject()).dashboards.map((d) => [d.data.uid, d.data]));
  bundle = await bundlePage();
  chromium = await launchChromium();
}, 300_000);
afterAll(async () => {
  await chromium?.close();
});

const dashboardOf = (v: PreviewData): Dashboard => {
  const d = dashboards.get(v.uid);
  if (!d) throw new Error(`no dashboard ${v.uid}`);
  return d;
};
const legendOption = (p: object): boolean => ((p as { options?: unknown }).options as { legend?: { showLegend?: boolean } } | undefined)?.legend?.showLegend === true;
/** PNG width and height, from the IHDR chunk. */
const size = (png: Buffer) => [png.readUInt32BE(16), png.readUInt32BE(20)];

function expectFaithful(r: PreviewReport, d: Dashboard): void {
  expect(r.errors).toEqual([]);
  const panels = allPanels(d);
  expect(r.panels.map((p) => p.id).sort((a, b) => a - b)).toEqual(panels.map((p) => p.id as number).sort((a, b) => a - b));
  for (const p of panels) {
    const shown = r.panels.find((x) => x.id === p.id);
    expect(shown, `panel ${p.id}`).toMatchObject({ type: p.type, renderer: RENDERERS[p.type], drawn: true, error: null, legend: legendOption(p) });
  }
}

describe('previews: every saved dashboard view drawn by Grafana components in Chromium', () => {
  it('there is a saved view of every dashboard', () => {
    expect(new Set(views.map((v) => v.uid))).toEqual(new Set(dashboards.keys()));
  });

  for (const view of views) {
    it(`${view.key}: each panel drawn by its renderer, no console error, legend iff showLegend, panels with data show it`, async () => {
      const d = dashboardOf(view);
      const r = await renderPreview(chromium.context, bundle, view, d);
      expectFaithful(r, d);
      // A panel whose saved frames hold values does not show "No data".
      for (const saved of view.panels.filter((p) => p.frames.some((f) => (f.fields[0]?.values.length ?? 0) > 0))) {
        expect(r.panels.find((p) => p.id === saved.id)?.noData, `panel ${saved.id}`).toBe(false);
      }
      expect(size(r.png)[0]).toBe(VIEWPORT.width);
    });
  }

  it('a chart whose options hide the legend is drawn without one (time series and sketched types alike)', async () => {
    const view = views.find((v) => v.uid === 'tickflow-sales') as PreviewData;
    const d = structuredClone(dashboardOf(view));
    for (const p of allPanels(d)) {
      const legend = (p.options as { legend?: { showLegend?: boolean } } | undefined)?.legend;
      if (legend) legend.showLegend = false;
    }
    const r = await renderPreview(chromium.context, bundle, view, d);
    expectFaithful(r, d);
    expect(r.panels.filter((p) => p.legend)).toEqual([]);
    expect(r.panels.filter((p) => ['timeseries', 'piechart', 'barchart'].includes(p.type)).length).toBeGreaterThan(0);
  });

  it('a view drawn twice gives the same PNG (fixed viewport, clock, time zone and fonts)', async () => {
    const view = views.find((v) => v.uid === 'tickflow-pipeline') as PreviewData;
    const [a, b] = [await renderPreview(chromium.context, bundle, view, dashboardOf(view)), await renderPreview(chromium.context, bundle, view, dashboardOf(view))];
    expect(a.png.equals(b.png)).toBe(true);
  });
});
