import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { parsePreviewData } from '../../previews/data.js';
import { gridHeight, panelBox } from '../../previews/page/grid.js';
import { RENDERERS } from '../../previews/renderers.js';
import { allPanels, loadProject } from '../../check/validate.js';

describe('preview data', () => {
  it('a saved view reads back with its panels, frames and ranges', async () => {
    const file = new URL('../../previews/data/sales.json', import.meta.url);
    const data = parsePreviewData(await readFile(file, 'utf8'), 'sales.json');
    expect(data.uid).toBe('tickflow-sales');
    expect(data.panels.length).toBeGreaterThan(0);
    for (const p of data.panels) expect(p.range[0]).toBeLessThan(p.range[1]);
  });

  it('a file that is not a saved view is refused with what is wrong', () => {
    const bad = JSON.stringify({ key: '../x', uid: 'u', from: 0, to: 1, pick: {}, options: {}, panels: [{ id: 1, range: [0, 1], frames: [{ name: '', fields: [{ name: 'v', type: 'float', values: [] }] }] }] });
    expect(() => parsePreviewData(bad, 'bad.json')).toThrow(/bad\.json: not preview data: key: .*panels\.0\.frames\.0\.fields\.0\.type/s);
  });
});

describe('preview layout and renderers', () => {
  it("places panels on Grafana's grid: 24 columns, 30 px rows, 8 px margins", () => {
    expect(panelBox({ x: 0, y: 0, w: 24, h: 1 }, 1568)).toEqual({ left: 0, top: 0, width: 1568, height: 30 });
    expect(panelBox({ x: 12, y: 4, w: 12, h: 8 }, 1568)).toEqual({ left: 788, top: 152, width: 780, height: 296 });
    expect(gridHeight([{ x: 0, y: 0, w: 24, h: 4 }, { x: 0, y: 4, w: 6, h: 2 }])).toBe(6 * 38 - 8);
  });

  it('every panel type the dashboards use has a renderer', async () => {
    const types = new Set((await loadProject()).dashboards.flatMap((d) => allPanels(d.data).map((p) => p.type)));
    expect([...types].filter((t) => !RENDERERS[t])).toEqual([]);
  });
});
