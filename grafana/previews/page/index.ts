/**
 * The preview page (bundled by ../bundle.ts, opened in headless Chromium by ../render.ts): one
 * dashboard laid out on Grafana's grid, each panel drawn from its saved frames. Marks
 * `data-panel-id`, `data-panel-type` and `data-renderer` on each panel for the tests, and sets
 * `window.__previewDone` once React has committed and the browser has painted.
 */
import { Component, createElement as h, useEffect, useState, type ReactNode } from 'react';
import { createRoot } from 'react-dom/client';
import { createTheme } from '@grafana/data';
import { GlobalStyles, ThemeContext } from '@grafana/ui';
import { dashboardVariables, type VariableModel } from '../../check/variables.js';
import type { PreviewData } from '../data.js';
import { gridHeight, panelBox } from './grid.js';
import { RENDERERS } from '../renderers.js';
import { panelView, type PanelInput } from './panel.js';
import { withPluginDefaults } from './plugin-defaults.js';

interface Dashboard {
  title: string;
  templating: { list: VariableModel[] };
  panels: PanelInput['panel'][];
}
declare global {
  interface Window {
    __preview: { data: PreviewData; dashboard: Dashboard; width: number };
    __previewDone?: boolean;
  }
}

class Boundary extends Component<{ id: number; children?: ReactNode }, { error?: string }> {
  override state: { error?: string } = {};
  static getDerivedStateFromError(e: unknown) {
    return { error: String(e) };
  }
  override componentDidCatch(e: unknown) {
    console.error(`panel ${this.props.id}: ${e instanceof Error ? (e.stack ?? String(e)) : String(e)}`);
  }
  override render() {
    return this.state.error ? h('div', { 'data-panel-error': '' }, this.state.error) : this.props.children;
  }
}

const theme = createTheme();
const PAD = 16;

function Preview({ data, dashboard, width }: Window['__preview']) {
  useEffect(() => {
    requestAnimationFrame(() => requestAnimationFrame(() => (window.__previewDone = true)));
  }, []);
  const vars = dashboardVariables(dashboard.templating.list, data.options, data.pick);
  const gridWidth = width - 2 * PAD;
  const shownVars = Object.entries(vars.values).filter(([k]) => !dashboard.templating.list.some((v) => v.name === k && v.type === 'constant'));
  const label = (v: string | string[]) => (Array.isArray(v) ? (v.length > 3 || v.includes('.*') ? 'All' : v.join(' + ')) : v === '.*' ? 'All' : v);
  const range = `${new Date(data.from).toISOString().slice(0, 16).replace('T', ' ')} to ${new Date(data.to).toISOString().slice(0, 16).replace('T', ' ')} UTC`;
  const header = h('div', { style: { display: 'flex', gap: 16, alignItems: 'baseline', padding: `12px ${PAD}px`, color: theme.colors.text.primary } }, [
    h('span', { key: 't', style: { fontSize: 20, fontWeight: 500 } }, dashboard.title),
    ...shownVars.map(([k, v]) => h('span', { key: k, style: { color: theme.colors.text.secondary } }, `${k}: `, h('b', { style: { color: theme.colors.text.primary } }, label(v)))),
    h('span', { key: 'r', style: { marginLeft: 'auto', color: theme.colors.text.secondary } }, range),
  ]);
  const inputs = dashboard.panels.map((panel) => {
    const saved = data.panels.find((p) => p.id === panel.id);
    return { panel: withPluginDefaults(panel), frames: saved?.frames ?? [], range: saved?.range ?? [data.from, data.to] } as PanelInput;
  });
  const grid = h(
    'div',
    { style: { position: 'relative', margin: `0 ${PAD}px ${PAD}px`, height: gridHeight(inputs.map((p) => p.panel.gridPos)) } },
    inputs.map((p) => {
      const box = panelBox(p.panel.gridPos, gridWidth);
      return h(
        'div',
        { key: p.panel.id, 'data-panel-id': p.panel.id, 'data-panel-type': p.panel.type, 'data-renderer': RENDERERS[p.panel.type] ?? 'none', style: { position: 'absolute', ...box } },
        h(Boundary, { id: p.panel.id }, panelView(p, vars, theme, box.width, box.height)),
      );
    }),
  );
  return h('div', { style: { background: theme.colors.background.canvas, width } }, header, grid);
}

/**
 * Grafana's global styles first, the dashboard once Inter (declared by those styles) is loaded:
 * uPlot and BigValue measure text when they lay out, and would size axes and values for the
 * fallback font.
 */
function App(props: Window['__preview']) {
  const [ready, setReady] = useState(false);
  useEffect(() => {
    void Promise.all(['400 12px Inter', '500 12px Inter'].map((f) => document.fonts.load(f))).then(() => setReady(true));
  }, []);
  return h(ThemeContext.Provider, { value: theme }, h(GlobalStyles), ready ? h(Preview, props) : null);
}

createRoot(document.getElementById('root') as HTMLElement).render(h(App, window.__preview));
