/**
 * Validates Grafana-as-code: every provisioning YAML and dashboard JSON against its schema
 * (schemas.ts), then the references between them, which Grafana itself only reports at
 * runtime (or not at all): datasource uids, dashboard/panel links of alert rules, refIds of
 * expressions and conditions, template variables, contact points, and secrets in files.
 *
 * `node --import tsx grafana/check/validate.ts [dir]` prints the problems and exits 1 if any.
 */
import { readdir, readFile } from 'node:fs/promises';
import { join, relative, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parse as parseYaml } from 'yaml';
import type { z } from 'zod';
import { variableRefs } from './variable-refs.js';
import { route } from './routing.js';
import { alertingFile, dashboard, dashboardProvidersFile, datasourcesFile, type AlertingFile, type PanelShape, type Route, type Rule } from './schemas.js';

export const GRAFANA_DIR = resolve(import.meta.dirname, '..');
export const EXPR_UID = '__expr__';

export interface Loaded<T> {
  file: string;
  data: T;
}
export type Dashboard = z.infer<typeof dashboard>;
export interface GrafanaProject {
  root: string;
  datasources: Loaded<z.infer<typeof datasourcesFile>>[];
  providers: Loaded<z.infer<typeof dashboardProvidersFile>>[];
  dashboards: Loaded<Dashboard>[];
  alerting: Loaded<AlertingFile>[];
  /** Raw text of every file, for the secret scan. */
  texts: Loaded<string>[];
}

async function files(dir: string, ext: RegExp): Promise<string[]> {
  const names = await readdir(dir).catch(() => [] as string[]);
  return names.filter((n) => ext.test(n)).sort().map((n) => join(dir, n));
}

/** Parses and schema-checks everything under `root`; schema problems go to `errors`. */
export async function loadProject(root = GRAFANA_DIR, errors: string[] = []): Promise<GrafanaProject> {
  const p: GrafanaProject = { root, datasources: [], providers: [], dashboards: [], alerting: [], texts: [] };
  const load = async <S extends z.ZodType>(path: string, schema: S, json: boolean): Promise<Loaded<z.infer<S>> | undefined> => {
    const file = relative(root, path);
    const text = await readFile(path, 'utf8');
    p.texts.push({ file, data: text });
    let raw: unknown;
    try {
      raw = json ? JSON.parse(text) : grafanaEnvExpand(parseYaml(text), file, errors);
    } catch (err) {
      errors.push(`${file}: not valid ${json ? 'JSON' : 'YAML'}: ${(err as Error).message}`);
      return undefined;
    }
    const r = schema.safeParse(raw);
    if (!r.success) {
      for (const i of r.error.issues) errors.push(`${file}: ${i.path.join('.') || '(root)'}: ${i.message}`);
      return undefined;
    }
    return { file, data: r.data };
  };
  const yaml = /\.ya?ml$/;
  const push = <T>(list: Loaded<T>[], x: Loaded<T> | undefined) => x && list.push(x);
  for (const f of await files(join(root, 'provisioning/datasources'), yaml)) push(p.datasources, await load(f, datasourcesFile, false));
  for (const f of await files(join(root, 'provisioning/dashboards'), yaml)) push(p.providers, await load(f, dashboardProvidersFile, false));
  for (const f of await files(join(root, 'provisioning/alerting'), yaml)) push(p.alerting, await load(f, alertingFile, false));
  for (const f of await files(join(root, 'dashboards'), /\.json$/)) push(p.dashboards, await load(f, dashboard, true));
  return p;
}

/** Panels of a dashboard, rows flattened. */
export function allPanels(d: { panels: PanelShape[] }): PanelShape[] {
  return d.panels.flatMap((x) => [x, ...(x.panels ?? [])]);
}

export function allRules(p: GrafanaProject): { file: string; group: string; rule: Rule }[] {
  return p.alerting.flatMap((f) => (f.data.groups ?? []).flatMap((g) => g.rules.map((rule) => ({ file: f.file, group: g.name, rule }))));
}

// `${VAR}` from Grafana's environment, or Grafana's `$__env{VAR}` / `$__file{/path}` expansions.
const ENV_REF = /^(\$\{?[A-Z_][A-Z0-9_]*\}?|\$__env\{[A-Z_][A-Z0-9_]*\}|\$__file\{\/[^}]+\})$/;
const SECRET_KEY = /(token|password|passwd|secret|api_?key|credentials|authorization)/i;
const TOKEN_LIKE = /^[A-Za-z0-9_-]{40,}={0,2}$/;
// Words that may stand before a secret-looking key without being one (e.g. tlsSkipVerify).
const NOT_SECRET_KEY = /^(authorization_scheme|tokenUri|oauthPassThru)$/i;

/**
 * Grafana expands `$VAR` and `${VAR}` from its environment in provisioning YAML values and
 * unescapes `$$` to `$`, except, in alert rules, `annotations` and the query `model`
 * (grafana/grafana#54975, #82774; "Template variable interpolation" in the alerting
 * file-provisioning docs). So `{{ $labels.symbol }}` in an annotation and `$C` in a math
 * expression are safe, but a bare `$NAME` anywhere else would be replaced (usually by ""),
 * and is reported. `${VAR}` references are kept (validated elsewhere).
 */
const NOT_INTERPOLATED = new Set(['annotations', 'model']);

export function grafanaEnvExpand(value: unknown, file: string, errors: string[], path: string[] = []): unknown {
  if (file.includes('alerting') && path.some((k) => NOT_INTERPOLATED.has(k))) return value;
  if (typeof value === 'string') {
    for (const m of value.matchAll(/(?<!\$)\$(?!__(?:env|file)\{)([A-Za-z_][A-Za-z0-9_]*)/g)) {
      errors.push(`${file}: ${path.join('.')}: "$${m[1]}" would be expanded from Grafana's environment; write "$$${m[1]}"`);
    }
    return value.replaceAll('$$', '$');
  }
  if (Array.isArray(value)) return value.map((v, i) => grafanaEnvExpand(v, file, errors, [...path, String(i)]));
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, grafanaEnvExpand(v, file, errors, [...path, k])]));
  }
  return value;
}

/** Walks parsed data; reports literal values under secret-looking keys and token-like strings. */
function scanSecrets(file: string, node: unknown, path: string[], out: string[]): void {
  if (typeof node === 'string') {
    const key = path[path.length - 1] ?? '';
    const where = `${file}: ${path.join('.')}`;
    if (SECRET_KEY.test(key) && !NOT_SECRET_KEY.test(key) && node !== '' && !ENV_REF.test(node)) {
      out.push(`${where}: secret literal; use an environment reference like \${${key.toUpperCase()}}`);
    } else if (TOKEN_LIKE.test(node)) {
      out.push(`${where}: looks like a token; secrets must come from \${ENV} references`);
    } else if (/:\/\/[^/\s:@]+:[^/\s@]+@/.test(node)) {
      out.push(`${where}: URL with embedded credentials`);
    }
    return;
  }
  if (Array.isArray(node)) node.forEach((v, i) => scanSecrets(file, v, [...path, String(i)], out));
  else if (node && typeof node === 'object') for (const [k, v] of Object.entries(node)) scanSecrets(file, v, [...path, k], out);
}

function checkDashboards(p: GrafanaProject, dsUids: Map<string, string>, errors: string[]): void {
  const seen = new Map<string, string>();
  for (const { file, data: d } of p.dashboards) {
    const other = seen.get(d.uid);
    if (other) errors.push(`${file}: dashboard uid "${d.uid}" is also used by ${other}`);
    seen.set(d.uid, file);
    const vars = new Map(d.templating.list.map((v) => [v.name, v]));
    const checkDs = (where: string, ref: { type?: string; uid: string } | undefined) => {
      if (!ref || ref.uid.startsWith('$')) return;
      const type = dsUids.get(ref.uid);
      if (type === undefined) errors.push(`${file}: ${where}: datasource uid "${ref.uid}" is not provisioned (known: ${[...dsUids.keys()].join(', ')})`);
      else if (ref.type && ref.type !== type) errors.push(`${file}: ${where}: datasource "${ref.uid}" is of type ${type}, not ${ref.type}`);
    };
    const checkVars = (where: string, text: string) => {
      for (const ref of variableRefs(text)) {
        const v = vars.get(ref.name);
        if (!v) errors.push(`${file}: ${where}: variable $${ref.name} is not defined in templating.list`);
        else if (v.multi && ref.format === undefined && /\bfrom\(|\|>/.test(text)) {
          errors.push(`${file}: ${where}: multi-value variable ${ref.raw} needs a format in Flux, e.g. \${${ref.name}:regex} with =~ /^\${${ref.name}:regex}$/`);
        }
      }
    };
    for (const v of d.templating.list) {
      checkDs(`variable ${v.name}`, v.datasource);
      if (typeof v.query === 'string' && v.type === 'query') checkVars(`variable ${v.name}`, v.query);
    }
    const ids = new Set<number>();
    for (const panel of allPanels(d)) {
      const where = `panel ${panel.id} "${panel.title}"`;
      if (ids.has(panel.id)) errors.push(`${file}: ${where}: duplicate panel id ${panel.id}`);
      ids.add(panel.id);
      checkDs(where, panel.datasource);
      checkVars(`${where} title`, panel.title);
      if (panel.repeat && !vars.has(panel.repeat)) errors.push(`${file}: ${where}: repeats over undefined variable ${panel.repeat}`);
      if (panel.type !== 'row' && (panel.targets ?? []).length === 0) errors.push(`${file}: ${where}: has no query`);
      const refIds = new Set<string>();
      for (const t of panel.targets ?? []) {
        if (refIds.has(t.refId)) errors.push(`${file}: ${where}: duplicate refId ${t.refId}`);
        refIds.add(t.refId);
        checkDs(`${where} target ${t.refId}`, t.datasource ?? panel.datasource);
        if (!t.query?.trim()) errors.push(`${file}: ${where} target ${t.refId}: empty query`);
        else checkVars(`${where} target ${t.refId}`, t.query);
      }
    }
  }
}

function checkAlerting(p: GrafanaProject, dsUids: Map<string, string>, errors: string[]): void {
  const dashboards = new Map(p.dashboards.map((d) => [d.data.uid, new Set(allPanels(d.data).map((x) => x.id))]));
  const receivers = new Set(p.alerting.flatMap((f) => (f.data.contactPoints ?? []).map((c) => c.name)));
  const ruleUids = new Map<string, string>();
  for (const { file, rule } of allRules(p)) {
    const where = `${file}: rule ${rule.uid}`;
    if (ruleUids.has(rule.uid)) errors.push(`${where}: uid also used in ${ruleUids.get(rule.uid)}`);
    ruleUids.set(rule.uid, file);
    const refIds = rule.data.map((q) => q.refId);
    const dup = refIds.find((r, i) => refIds.indexOf(r) !== i);
    if (dup) errors.push(`${where}: duplicate refId ${dup}`);
    if (!refIds.includes(rule.condition)) errors.push(`${where}: condition "${rule.condition}" is not one of its refIds (${refIds.join(', ')})`);
    rule.data.forEach((q, i) => {
      const m = q.model;
      if (m.refId !== undefined && m.refId !== q.refId) errors.push(`${where}: ${q.refId}: model.refId is "${String(m.refId)}"`);
      if (q.datasourceUid === EXPR_UID) {
        const inputs =
          m.type === 'math' ? [...String(m.expression ?? '').matchAll(/\$\{?(\w+)\}?/g)].map((x) => x[1] as string) : [String(m.expression ?? '').replace(/^\$/, '')];
        for (const ref of inputs) {
          const at = refIds.indexOf(ref);
          if (at < 0) errors.push(`${where}: expression ${q.refId} references refId "${ref}", which does not exist`);
          else if (at >= i) errors.push(`${where}: expression ${q.refId} references ${ref}, defined after it`);
        }
        if (!['reduce', 'threshold', 'math', 'resample', 'classic_conditions', 'sql'].includes(String(m.type))) errors.push(`${where}: ${q.refId}: unknown expression type ${String(m.type)}`);
        return;
      }
      if (!dsUids.has(q.datasourceUid)) errors.push(`${where}: ${q.refId}: datasourceUid "${q.datasourceUid}" is not provisioned`);
      const ds = m.datasource as { uid?: string } | undefined;
      if (ds?.uid && ds.uid !== q.datasourceUid) errors.push(`${where}: ${q.refId}: model.datasource.uid "${ds.uid}" differs from datasourceUid`);
      if (!q.relativeTimeRange || q.relativeTimeRange.from <= q.relativeTimeRange.to) errors.push(`${where}: ${q.refId}: relativeTimeRange.from must be greater than .to`);
      if (typeof m.query !== 'string' || !m.query.trim()) errors.push(`${where}: ${q.refId}: model.query (Flux) is empty`);
      else for (const ref of variableRefs(m.query)) errors.push(`${where}: ${q.refId}: dashboard variable ${ref.raw} cannot be used in an alert query`);
    });
    const dUid = rule.dashboardUid ?? rule.annotations.__dashboardUid__;
    const pId = rule.panelId ?? (rule.annotations.__panelId__ === undefined ? undefined : Number(rule.annotations.__panelId__));
    if (rule.annotations.__dashboardUid__ !== undefined && rule.dashboardUid !== undefined && rule.annotations.__dashboardUid__ !== rule.dashboardUid) {
      errors.push(`${where}: dashboardUid and annotation __dashboardUid__ differ`);
    }
    if (rule.annotations.__panelId__ !== undefined && rule.panelId !== undefined && Number(rule.annotations.__panelId__) !== rule.panelId) {
      errors.push(`${where}: panelId and annotation __panelId__ differ`);
    }
    // Whoever is paged needs a first step, not only a symptom.
    if (!/^Check first: /.test(rule.annotations.description ?? '')) errors.push(`${where}: the description annotation must start with "Check first: " and say what to look at first`);
    if (dUid === undefined) errors.push(`${where}: not linked to a dashboard panel (dashboardUid/panelId)`);
    else if (!dashboards.has(dUid)) errors.push(`${where}: dashboardUid "${dUid}" is not a provisioned dashboard`);
    else if (pId === undefined || !dashboards.get(dUid)?.has(pId)) errors.push(`${where}: panel ${String(pId)} does not exist in dashboard ${dUid}`);
  }
  const walk = (file: string, r: Route, path: string) => {
    if (r.receiver !== undefined && !receivers.has(r.receiver)) errors.push(`${file}: ${path}: receiver "${r.receiver}" is not a provisioned contact point`);
    (r.routes ?? []).forEach((c, i) => walk(file, c, `${path}.routes.${i}`));
  };
  for (const f of p.alerting) (f.data.policies ?? []).forEach((pol, i) => walk(f.file, pol, `policies.${i}`));
  checkRouting(p, errors);
}

/**
 * A severity route must receive every rule of that severity: shadowed by an earlier sibling
 * (first match wins) it silently never fires, e.g. a critical route after a team route that
 * takes every markets alert. (Team routes may yield to severity routes: that is the order.)
 */
function checkRouting(p: GrafanaProject, errors: string[]): void {
  for (const f of p.alerting) {
    for (const policy of f.data.policies ?? []) {
      const routes = (policy.routes ?? []).map((r, i) => ({ r, i }));
      for (const { rule, group } of allRules(p)) {
        const labels = { ...rule.labels, alertname: rule.title, grafana_folder: group };
        const taken = route(policy, labels).map((x) => x.path[0]);
        for (const { r, i } of routes) {
          const ms = (r.object_matchers ?? []) as [string, string, string][];
          const meant = ms.some(([k]) => k === 'severity') && ms.every(([k, op, v]) => op === '=' && labels[k as keyof typeof labels] === v);
          if (meant && !taken.includes(i)) {
            errors.push(`${f.file}: routes.${i} (${ms.map((m) => m.join('')).join(', ')}) never receives rule ${rule.uid}: an earlier route takes it (first match wins; order it first or set continue: true)`);
          }
        }
      }
    }
  }
}

/**
 * Dashboards and alert rules must land in one folder. Rule groups name their folder by title;
 * a dashboard provider with a `folderUid` looks its folder up by uid, and when the rules created
 * "Tickflow" first (with a generated uid) Grafana creates a second "Tickflow".
 */
function checkFolders(p: GrafanaProject, errors: string[]): void {
  const ruleFolders = new Set(p.alerting.flatMap((f) => (f.data.groups ?? []).map((g) => g.folder)));
  for (const f of p.providers) {
    for (const prov of f.data.providers) {
      if ((prov as { folderUid?: string }).folderUid) errors.push(`${f.file}: provider ${prov.name}: folderUid can create a second folder next to the alert rules' folder "${[...ruleFolders].join('", "')}" (rules refer to folders by title); use folder only`);
      if (ruleFolders.size > 0 && prov.folder && !ruleFolders.has(prov.folder)) errors.push(`${f.file}: provider ${prov.name}: folder "${prov.folder}" differs from the alert rules' folder(s) "${[...ruleFolders].join('", "')}"`);
    }
  }
}

/** All problems found, as "file: where: what" lines; empty when everything is valid. */
export function validateProject(p: GrafanaProject): string[] {
  const errors: string[] = [];
  const dsUids = new Map<string, string>();
  for (const f of p.datasources) {
    for (const ds of f.data.datasources) {
      if (dsUids.has(ds.uid)) errors.push(`${f.file}: datasource uid "${ds.uid}" is provisioned twice`);
      dsUids.set(ds.uid, ds.type);
      for (const [k, v] of Object.entries(ds.secureJsonData ?? {})) {
        if (!ENV_REF.test(v)) errors.push(`${f.file}: datasource ${ds.uid}: secureJsonData.${k} must be an environment reference like \${INFLUX_TOKEN} or a file reference like $__file{/run/secrets/token}`);
      }
    }
  }
  checkDashboards(p, dsUids, errors);
  checkAlerting(p, dsUids, errors);
  checkFolders(p, errors);
  for (const { file, data } of p.texts) {
    let parsed: unknown;
    try {
      parsed = file.endsWith('.json') ? JSON.parse(data) : parseYaml(data);
    } catch {
      continue; // already reported by loadProject
    }
    scanSecrets(file, parsed, [], errors);
  }
  return errors;
}

/** Loads and validates a directory laid out like grafana/. */
export async function validateDir(root = GRAFANA_DIR): Promise<string[]> {
  const errors: string[] = [];
  const p = await loadProject(root, errors);
  if (p.datasources.length === 0 && !errors.some((e) => e.includes('datasources'))) errors.push('provisioning/datasources: no datasource file');
  if (p.dashboards.length === 0 && !errors.some((e) => e.startsWith('dashboards/'))) errors.push('dashboards: no dashboard JSON');
  // Every environment variable the provisioning files need is documented for whoever deploys.
  const readme = await readFile(join(root, 'README.md'), 'utf8').catch(() => undefined);
  if (readme !== undefined) {
    for (const { file, data } of p.texts.filter((t) => t.file.startsWith('provisioning'))) {
      let values = '';
      try {
        values = JSON.stringify(parseYaml(data)); // values only: comments may mention ${VAR}
      } catch {
        continue;
      }
      for (const [, name] of values.matchAll(/\$\{([A-Z_][A-Z0-9_]*)\}/g)) {
        if (!readme.includes(`\`${name}\``)) errors.push(`${file}: \${${name}} is not documented in README.md`);
      }
    }
  }
  return [...errors, ...validateProject(p)];
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  const dir = resolve(process.argv[2] ?? GRAFANA_DIR);
  validateDir(dir).then((errors) => {
    for (const e of errors) process.stderr.write(`${e}\n`);
    process.stdout.write(errors.length === 0 ? `grafana: ${dir} is valid\n` : `grafana: ${errors.length} problem(s)\n`);
    process.exitCode = errors.length === 0 ? 0 : 1;
  }, (err: unknown) => {
    process.stderr.write(`${String(err)}\n`);
    process.exitCode = 1;
  });
}
