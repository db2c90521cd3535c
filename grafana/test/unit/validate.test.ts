import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { GRAFANA_DIR, allPanels, allRules, loadProject, validateDir } from '../../check/validate.js';

describe('the provisioned Grafana files', () => {
  it('are valid', async () => {
    expect(await validateDir()).toEqual([]);
  });

  it('contain the three dashboards, their panels and the alert rules', async () => {
    const p = await loadProject();
    expect(p.datasources.flatMap((f) => f.data.datasources.map((d) => d.uid))).toEqual(['tickflow-influxdb']);
    expect(p.dashboards.map((d) => d.data.uid).sort()).toEqual(['tickflow-markets', 'tickflow-pipeline', 'tickflow-sales']);
    for (const d of p.dashboards) {
      expect(d.data.refresh).toBe('5s');
      expect(allPanels(d.data).length).toBeGreaterThanOrEqual(6);
    }
    const markets = p.dashboards.find((d) => d.data.uid === 'tickflow-markets')?.data;
    // The trader looks at one symbol; the comparison takes several.
    expect(markets?.templating.list.find((v) => v.name === 'symbol')).toMatchObject({ type: 'query', multi: false });
    expect(markets?.templating.list.find((v) => v.name === 'compare')).toMatchObject({ type: 'query', multi: true, includeAll: true });
    expect(allPanels(markets!).map((x) => x.type)).toEqual(expect.arrayContaining(['candlestick', 'stat', 'timeseries']));
    expect(allRules(p).map((r) => r.rule.uid).sort()).toEqual([
      'tickflow-bollinger-cross',
      'tickflow-checkpoint-age',
      'tickflow-consumer-lag',
      'tickflow-dead-letters',
      'tickflow-high-ticket-surge',
      'tickflow-latency-high',
      'tickflow-revenue-drop',
      'tickflow-rsi-overbought',
      'tickflow-rsi-oversold',
      'tickflow-stale-feed',
      'tickflow-write-errors',
    ]);
    const ds = await readFile(join(GRAFANA_DIR, 'provisioning/datasources/influxdb.yaml'), 'utf8');
    expect(parse(ds).datasources[0].secureJsonData.token).toBe('$__file{/run/tickflow/grafana/influx-token}');
  });
});

// Free-form edits of parsed YAML/JSON documents: deliberately untyped.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Doc = Record<string, any>;

describe('a broken copy fails validation with a clear message', () => {
  let dir: string | undefined;
  afterEach(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  /** Copies grafana/ (files only, no tests), applies `edit` to one file, validates the copy. */
  async function brokenCopy(file: string, edit: (text: string) => string): Promise<string[]> {
    dir = await mkdtemp(join(tmpdir(), 'grafana-validate-'));
    await cp(join(GRAFANA_DIR, 'provisioning'), join(dir, 'provisioning'), { recursive: true });
    await cp(join(GRAFANA_DIR, 'dashboards'), join(dir, 'dashboards'), { recursive: true });
    await cp(join(GRAFANA_DIR, 'README.md'), join(dir, 'README.md'));
    const path = join(dir, file);
    const before = await readFile(path, 'utf8');
    const after = edit(before);
    expect(after, 'the edit changed the file').not.toBe(before);
    await writeFile(path, after);
    return validateDir(dir);
  }
  const yamlEdit = (fn: (doc: Doc) => void) => (text: string) => {
    const doc = parse(text) as Doc;
    fn(doc);
    return stringify(doc);
  };
  const jsonEdit = (fn: (doc: Doc) => void) => (text: string) => {
    const doc = JSON.parse(text) as Doc;
    fn(doc);
    return JSON.stringify(doc, null, 2);
  };

  it('the unbroken copy is valid', async () => {
    expect(await brokenCopy('dashboards/sales.json', (t) => `${t}\n`)).toEqual([]);
  });

  it('an alert condition naming a missing refId', async () => {
    const errors = await brokenCopy('provisioning/alerting/markets.yaml', yamlEdit((d) => void (d.groups[0].rules[0].condition = 'Z')));
    expect(errors).toContainEqual(expect.stringContaining('rule tickflow-rsi-overbought: condition "Z" is not one of its refIds (A, B, C)'));
  });

  it('an expression referencing a missing refId', async () => {
    const errors = await brokenCopy('provisioning/alerting/sales.yaml', yamlEdit((d) => void (d.groups[0].rules[0].data[4].model.expression = '($C - $X) / $D')));
    expect(errors).toContainEqual(expect.stringContaining('expression E references refId "X", which does not exist'));
  });

  it('a bare $NAME where Grafana interpolates env (rule labels), but not in annotations or models', async () => {
    const label = await brokenCopy('provisioning/alerting/markets.yaml', yamlEdit((d) => void (d.groups[0].rules[0].labels.symbol = '{{ $labels.symbol }}')));
    expect(label).toEqual([expect.stringContaining('"$labels" would be expanded from Grafana\'s environment; write "$$labels"')]);
    const escaped = await brokenCopy('provisioning/alerting/markets.yaml', yamlEdit((d) => void (d.groups[0].rules[0].labels.symbol = '{{ $$labels.symbol }}')));
    expect(escaped).toEqual([]);
    const annotation = await brokenCopy('provisioning/alerting/markets.yaml', yamlEdit((d) => void (d.groups[0].rules[0].annotations.description = 'Check first: {{ $labels.symbol }} $values')));
    expect(annotation).toEqual([]);
  });

  it('an unknown datasource uid in a panel and in a rule', async () => {
    const panel = await brokenCopy('dashboards/markets.json', (t) => t.replace('"uid": "tickflow-influxdb"', '"uid": "nope"'));
    expect(panel).toContainEqual(expect.stringMatching(/dashboards\/markets\.json: .*datasource uid "nope" is not provisioned/));
    const rule = await brokenCopy('provisioning/alerting/pipeline.yaml', yamlEdit((d) => void (d.groups[0].rules[0].data[0].datasourceUid = 'gone')));
    expect(rule).toContainEqual(expect.stringContaining('A: datasourceUid "gone" is not provisioned'));
  });

  it('a rule linked to a missing dashboard or panel', async () => {
    const errors = await brokenCopy('provisioning/alerting/markets.yaml', yamlEdit((d) => {
      d.groups[0].rules[0].panelId = 99;
      d.groups[0].rules[0].annotations.__panelId__ = '99';
    }));
    expect(errors).toContainEqual(expect.stringContaining('rule tickflow-rsi-overbought: panel 99 does not exist in dashboard tickflow-markets'));
    const dash = await brokenCopy('provisioning/alerting/sales.yaml', yamlEdit((d) => void (d.groups[0].rules[0].dashboardUid = 'tickflow-nope')));
    expect(dash).toContainEqual(expect.stringContaining('dashboardUid and annotation __dashboardUid__ differ'));
  });

  it('duplicate panel ids', async () => {
    const errors = await brokenCopy('dashboards/pipeline.json', jsonEdit((d) => void (d.panels[1].id = d.panels[0].id)));
    expect(errors).toContainEqual(expect.stringContaining('dashboards/pipeline.json: panel 1 "Consumer lag per partition": duplicate panel id 1'));
  });

  it('a secret literal instead of an env reference', async () => {
    const errors = await brokenCopy('provisioning/datasources/influxdb.yaml', (t) => t.replace('$__file{/run/tickflow/grafana/influx-token}', 'my-super-secret-token'));
    expect(errors).toContainEqual(expect.stringContaining('secureJsonData.token must be an environment reference'));
    expect(errors).toContainEqual(expect.stringContaining('datasources.0.secureJsonData.token: secret literal'));
    const cp2 = await brokenCopy('provisioning/alerting/contact-points.yaml', yamlEdit((d) => void (d.contactPoints[0].receivers[0].settings.password = 'hunter2')));
    expect(cp2).toContainEqual(expect.stringContaining('settings.password: secret literal'));
  });

  it('an undefined template variable, and a multi-value variable without a format', async () => {
    const undef = await brokenCopy('dashboards/markets.json', (t) => t.replace('${compare:regex}', '${ticker:regex}'));
    expect(undef).toContainEqual(expect.stringContaining('variable $ticker is not defined in templating.list'));
    const glob = await brokenCopy('dashboards/markets.json', (t) => t.replace('/^${compare:regex}$/', '/^${compare}$/'));
    expect(glob).toContainEqual(expect.stringContaining('multi-value variable ${compare} needs a format in Flux'));
  });

  it('dashboards provisioned by folder uid while rules name the folder by title (two "Tickflow" folders)', async () => {
    const errors = await brokenCopy('provisioning/dashboards/tickflow.yaml', yamlEdit((d) => void (d.providers[0].folderUid = 'tickflow')));
    expect(errors).toContainEqual(expect.stringContaining('folderUid can create a second folder'));
  });

  it('a critical route after a route that takes the same alerts', async () => {
    const errors = await brokenCopy('provisioning/alerting/policies.yaml', yamlEdit((d) => void d.policies[0].routes.reverse()));
    expect(errors).toContainEqual(expect.stringContaining('routes.1 (severity=critical) never receives rule tickflow-stale-feed'));
  });

  it('schema violations: wrong refresh, missing severity label, bad duration, invalid YAML', async () => {
    expect(await brokenCopy('dashboards/sales.json', jsonEdit((d) => void (d.refresh = '1m')))).toContainEqual(
      expect.stringContaining('dashboards/sales.json: refresh: live dashboards refresh every 5s'),
    );
    expect(await brokenCopy('provisioning/alerting/pipeline.yaml', yamlEdit((d) => void delete d.groups[0].rules[1].labels.severity))).toContainEqual(
      expect.stringContaining('groups.0.rules.1.labels: labels severity and team are required'),
    );
    expect(await brokenCopy('provisioning/alerting/sales.yaml', yamlEdit((d) => void (d.groups[0].rules[0].for = 'five minutes')))).toContainEqual(
      expect.stringContaining('groups.0.rules.0.for: a duration like 30s, 5m, 1h'),
    );
    expect(await brokenCopy('provisioning/alerting/policies.yaml', (t) => `${t}\n  - [unclosed`)).toContainEqual(expect.stringContaining('policies.yaml: not valid YAML'));
  });

  it('a policy routing to a contact point that does not exist', async () => {
    const errors = await brokenCopy('provisioning/alerting/policies.yaml', yamlEdit((d) => void (d.policies[0].routes[0].receiver = 'pager')));
    expect(errors).toContainEqual(expect.stringContaining('policies.0.routes.0: receiver "pager" is not a provisioned contact point'));
  });

  it('an environment variable the README does not document', async () => {
    const errors = await brokenCopy('README.md', (t) => t.replaceAll('`INFLUX_ORG`', 'the org'));
    expect(errors).toEqual(['provisioning/datasources/influxdb.yaml: ${INFLUX_ORG} is not documented in README.md']);
  });

  it('a dashboard variable inside an alert query', async () => {
    const errors = await brokenCopy('provisioning/alerting/markets.yaml', (t) => t.replace('r._field == "rsi_14")', 'r._field == "rsi_14" and r.symbol =~ /^${symbol:regex}$/)'));
    expect(errors).toContainEqual(expect.stringContaining('dashboard variable ${symbol:regex} cannot be used in an alert query'));
  });
});
