/** The provisioned dashboard JSON (grafana/dashboards/*.json), as Grafana reads it. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { PanelModel } from './panel.js';
import type { VariableModel } from './variables.js';

export interface DashboardModel {
  uid: string;
  timezone?: string;
  templating: { list: VariableModel[] };
  panels: (PanelModel & { targets?: { refId: string; query?: string }[]; timeFrom?: string; maxDataPoints?: number; gridPos: { w: number } })[];
}

export const DASHBOARDS_DIR = join(import.meta.dirname, '..', 'dashboards');

export function dashboard(name: 'markets' | 'sales' | 'pipeline'): DashboardModel {
  return JSON.parse(readFileSync(join(DASHBOARDS_DIR, `${name}.json`), 'utf8')) as DashboardModel;
}

export function panel(d: DashboardModel, id: number): DashboardModel['panels'][number] {
  const p = d.panels.find((x) => x.id === id);
  if (!p) throw new Error(`${d.uid} has no panel ${id}`);
  return p;
}
