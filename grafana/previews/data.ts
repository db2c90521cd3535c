/**
 * What a preview is drawn from: one dashboard view of the frames test (grafana-frames.test.ts),
 * saved as JSON so the picture can be redrawn without InfluxDB and gives the same PNG each time.
 */
import type { Frame } from '../model/frames.js';
import type { DashboardRun } from '../test/support/panels.js';

export interface PreviewPanel {
  id: number;
  /** The range the panel queried (its `timeFrom` override applied), epoch ms. */
  range: [number, number];
  frames: Frame[];
}

export interface PreviewData {
  /** The PNG's name: `<key>.png`. */
  key: string;
  /** The dashboard's uid (grafana/dashboards/*.json). */
  uid: string;
  from: number;
  to: number;
  /** Variable values picked for this view; the rest hold their saved value. */
  pick: Record<string, string | string[]>;
  /** What each query variable's query listed. */
  options: Record<string, string[]>;
  panels: PreviewPanel[];
}

/** The test's long-term bucket has a random name; the preview shows the variable's default. */
const PER_RUN = new Set(['longterm']);

export function previewData(key: string, uid: string, run: DashboardRun): PreviewData {
  const pick = Object.fromEntries(Object.entries(run.pick).filter(([k]) => !PER_RUN.has(k)));
  const panels = run.panels.map((p) => ({ id: p.panel.id as number, range: p.range, frames: p.frames }));
  return { key, uid, from: run.from, to: run.to, pick, options: run.options, panels };
}
