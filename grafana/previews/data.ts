/**
 * What a preview is drawn from: one dashboard view of the frames test (grafana-frames.test.ts),
 * saved as JSON so the picture can be redrawn without InfluxDB and gives the same PNG each time.
 */
import { z } from 'zod';
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

/** The test's long-lived buckets have random names; the preview shows the variables' defaults. */
const PER_RUN = new Set(['longterm', 'daily']);

export function previewData(key: string, uid: string, run: DashboardRun): PreviewData {
  const pick = Object.fromEntries(Object.entries(run.pick).filter(([k]) => !PER_RUN.has(k)));
  const panels = run.panels.map((p) => ({ id: p.panel.id as number, range: p.range, frames: p.frames }));
  return { key, uid, from: run.from, to: run.to, pick, options: run.options, panels };
}

const field = z.object({
  name: z.string(),
  type: z.enum(['time', 'number', 'string', 'boolean']),
  labels: z.record(z.string(), z.string()).optional(),
  values: z.array(z.union([z.number(), z.string(), z.boolean(), z.null()])),
  config: z.record(z.string(), z.unknown()).default({}),
});
const frame = z.object({ name: z.string(), refId: z.string().optional(), fields: z.array(field) });
const range = z.tuple([z.number(), z.number()]);
const schema = z.object({
  key: z.string().regex(/^[A-Za-z0-9_-]+$/),
  uid: z.string(),
  from: z.number(),
  to: z.number(),
  pick: z.record(z.string(), z.union([z.string(), z.array(z.string())])),
  options: z.record(z.string(), z.array(z.string())),
  panels: z.array(z.object({ id: z.number().int(), range, frames: z.array(frame) })),
});

/** A saved view read back: a file that is not one fails with the path of what is wrong. */
export function parsePreviewData(text: string, file: string): PreviewData {
  const r = schema.safeParse(JSON.parse(text));
  if (!r.success) throw new Error(`${file}: not preview data: ${r.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  return r.data as PreviewData;
}
