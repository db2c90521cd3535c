/**
 * Runtime schemas of Grafana's file formats, written from Grafana's documentation and its
 * provisioning code (pkg/services/provisioning/{datasources,dashboards,alerting}) and the
 * dashboard JSON model. Loose objects: Grafana ignores unknown keys, so do we; what Grafana
 * requires, or this project relies on, is checked.
 */
import { z } from 'zod';

/** Prometheus-style durations Grafana accepts for `for` and `interval` (model.ParseDuration). */
export const duration = z.string().regex(/^(\d+(ms|s|m|h|d|w|y))+$/, 'a duration like 30s, 5m, 1h');
const uid = z.string().regex(/^[a-zA-Z0-9_-]{1,40}$/, 'a uid: 1-40 letters, digits, - or _');
const dsRef = z.looseObject({ type: z.string().optional(), uid: z.string() });

// ---- datasources (provisioning/datasources/*.yaml) ----------------------------------------
export const datasourcesFile = z.looseObject({
  apiVersion: z.literal(1),
  deleteDatasources: z.array(z.looseObject({ name: z.string(), orgId: z.number().int().optional() })).optional(),
  datasources: z.array(
    z.looseObject({
      name: z.string().min(1),
      type: z.string().min(1),
      uid,
      access: z.enum(['proxy', 'direct']),
      url: z.string().min(1),
      orgId: z.number().int().optional(),
      isDefault: z.boolean().optional(),
      editable: z.boolean().optional(),
      jsonData: z.record(z.string(), z.unknown()).optional(),
      secureJsonData: z.record(z.string(), z.string()).optional(),
    }),
  ),
});

// ---- dashboard providers (provisioning/dashboards/*.yaml) ----------------------------------
export const dashboardProvidersFile = z.looseObject({
  apiVersion: z.literal(1),
  providers: z.array(
    z.looseObject({
      name: z.string().min(1),
      orgId: z.number().int().optional(),
      folder: z.string().optional(),
      folderUid: z.string().optional(),
      type: z.literal('file'),
      disableDeletion: z.boolean().optional(),
      allowUiUpdates: z.boolean().optional(),
      updateIntervalSeconds: z.number().int().positive().optional(),
      options: z.looseObject({ path: z.string().startsWith('/', 'an absolute path inside the Grafana container'), foldersFromFilesStructure: z.boolean().optional() }),
    }),
  ),
});

// ---- dashboard JSON model -----------------------------------------------------------------
export const target = z.looseObject({ refId: z.string().min(1), datasource: dsRef.optional(), query: z.string().optional(), hide: z.boolean().optional() });
const gridPos = z
  .looseObject({ x: z.number().int().min(0), y: z.number().int().min(0), w: z.number().int().min(1).max(24), h: z.number().int().min(1) })
  .refine((g) => g.x + g.w <= 24, 'x + w must be at most 24 (the grid is 24 columns wide)');
export interface PanelShape {
  id: number;
  type: string;
  title: string;
  gridPos: { x: number; y: number; w: number; h: number };
  datasource?: { type?: string; uid: string };
  targets?: z.infer<typeof target>[];
  repeat?: string;
  panels?: PanelShape[];
  [k: string]: unknown;
}
export const panel: z.ZodType<PanelShape> = z.lazy(() =>
  z.looseObject({
    id: z.number().int().positive(),
    type: z.string().min(1),
    title: z.string(),
    gridPos,
    datasource: dsRef.optional(),
    targets: z.array(target).optional(),
    repeat: z.string().optional(),
    fieldConfig: z.looseObject({ defaults: z.record(z.string(), z.unknown()), overrides: z.array(z.unknown()) }).optional(),
    options: z.record(z.string(), z.unknown()).optional(),
    panels: z.array(panel).optional(),
  }),
) as z.ZodType<PanelShape>;
export const variable = z.looseObject({
  name: z.string().regex(/^\w+$/, 'variable names are word characters'),
  type: z.enum(['query', 'custom', 'constant', 'textbox', 'interval', 'datasource', 'adhoc']),
  datasource: dsRef.optional(),
  query: z.union([z.string(), z.record(z.string(), z.unknown())]).optional(),
  multi: z.boolean().optional(),
  includeAll: z.boolean().optional(),
});
export const dashboard = z.looseObject({
  uid,
  title: z.string().min(1),
  tags: z.array(z.string()).min(1, 'tag the dashboard (the Tickflow links use tags)'),
  refresh: z.literal('5s', 'live dashboards refresh every 5s'),
  schemaVersion: z.number().int().min(36),
  time: z.looseObject({ from: z.string().min(1), to: z.string().min(1) }),
  templating: z.looseObject({ list: z.array(variable).default([]) }).default({ list: [] }),
  panels: z.array(panel).min(1),
});

// ---- alerting (provisioning/alerting/*.yaml) ----------------------------------------------
export const ruleQuery = z.looseObject({
  refId: z.string().min(1),
  datasourceUid: z.string().min(1),
  queryType: z.string().optional(),
  relativeTimeRange: z.looseObject({ from: z.number().int().nonnegative(), to: z.number().int().nonnegative() }).optional(),
  model: z.record(z.string(), z.unknown()),
});
export const rule = z.looseObject({
  uid,
  title: z.string().min(1),
  condition: z.string().min(1),
  data: z.array(ruleQuery).min(1),
  noDataState: z.enum(['NoData', 'Alerting', 'OK', 'KeepLast']),
  execErrState: z.enum(['Error', 'Alerting', 'OK', 'KeepLast']),
  for: duration,
  dashboardUid: z.string().optional(),
  panelId: z.number().int().optional(),
  annotations: z.record(z.string(), z.string()).refine((a) => (a.summary ?? '').trim() !== '', 'a summary annotation is required'),
  labels: z
    .record(z.string(), z.string())
    .refine((l) => !!l.severity && !!l.team, 'labels severity and team are required (the notification policy routes on them)'),
  isPaused: z.boolean().optional(),
});
export type Rule = z.infer<typeof rule>;
const objectMatcher = z.tuple([z.string(), z.enum(['=', '!=', '=~', '!~']), z.string()]);
export interface Route {
  receiver?: string;
  routes?: Route[];
  [k: string]: unknown;
}
const route: z.ZodType<Route> = z.lazy(() =>
  z.looseObject({
    receiver: z.string().optional(),
    group_by: z.array(z.string()).optional(),
    object_matchers: z.array(objectMatcher).optional(),
    matchers: z.array(z.string()).optional(),
    continue: z.boolean().optional(),
    group_wait: duration.optional(),
    group_interval: duration.optional(),
    repeat_interval: duration.optional(),
    routes: z.array(route).optional(),
  }),
) as z.ZodType<Route>;
export const alertingFile = z.looseObject({
  apiVersion: z.literal(1),
  groups: z
    .array(z.looseObject({ orgId: z.number().int().optional(), name: z.string().min(1), folder: z.string().min(1), interval: duration, rules: z.array(rule).min(1) }))
    .optional(),
  contactPoints: z
    .array(
      z.looseObject({
        orgId: z.number().int().optional(),
        name: z.string().min(1),
        receivers: z.array(z.looseObject({ uid, type: z.string().min(1), settings: z.record(z.string(), z.unknown()), disableResolveMessage: z.boolean().optional() })).min(1),
      }),
    )
    .optional(),
  policies: z.array(z.intersection(z.looseObject({ orgId: z.number().int().optional(), receiver: z.string().min(1) }), route)).optional(),
  templates: z.array(z.looseObject({ orgId: z.number().int().optional(), name: z.string(), template: z.string() })).optional(),
  deleteRules: z.array(z.looseObject({ orgId: z.number().int().optional(), uid })).optional(),
});
export type AlertingFile = z.infer<typeof alertingFile>;
