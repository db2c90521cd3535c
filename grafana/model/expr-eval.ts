/**
 * A small evaluator of Grafana's server-side expressions (datasourceUid `__expr__`): reduce,
 * threshold and math, with Grafana's semantics for the parts our rules use
 * (grafana/grafana pkg/expr: reduce modes, threshold evaluator types, label-joined math).
 * Tests feed it the real query results and check whether a rule fires.
 */
export type Labels = Readonly<Record<string, string>>;
export interface Series {
  labels: Labels;
  points: { t: number; v: number | null }[];
}
export interface NumberItem {
  labels: Labels;
  value: number | null;
}
export type Value = { kind: 'series'; items: Series[] } | { kind: 'number'; items: NumberItem[] };

export type Reducer = 'last' | 'mean' | 'max' | 'min' | 'sum' | 'count';
export type ReduceMode = 'strict' | 'dropNN' | 'replaceNN';
export type ThresholdType = 'gt' | 'lt' | 'within_range' | 'outside_range' | 'within_range_included' | 'outside_range_included';

const nan = (v: number | null): boolean => v === null || Number.isNaN(v);

function reduceValues(values: (number | null)[], reducer: Reducer): number {
  if (reducer === 'count') return values.length;
  if (values.length === 0) return reducer === 'sum' ? 0 : NaN;
  const nums = values.map((v) => (v === null ? NaN : v));
  switch (reducer) {
    case 'last':
      return nums[nums.length - 1] as number;
    case 'sum':
      return nums.reduce((a, b) => a + b, 0);
    case 'mean':
      return nums.reduce((a, b) => a + b, 0) / nums.length;
    case 'max':
      return nums.reduce((a, b) => Math.max(a, b));
    case 'min':
      return nums.reduce((a, b) => Math.min(a, b));
  }
}

/** Reduce (pkg/expr/mathexp/reduce.go): one number per series. dropNN drops null/NaN first; replaceNN substitutes a value. */
export function reduce(input: Value, reducer: Reducer, mode: ReduceMode = 'strict', replaceWith = 0): Value {
  // A number reduces to itself (Grafana: "any reduce op is a noop" on numbers).
  if (input.kind === 'number') return input;
  return {
    kind: 'number',
    items: input.items.map((s) => {
      let values = s.points.map((p) => p.v);
      if (mode === 'dropNN') values = values.filter((v) => !nan(v));
      if (mode === 'replaceNN') values = values.map((v) => (nan(v) ? replaceWith : v));
      return { labels: s.labels, value: reduceValues(values, reducer) };
    }),
  };
}

/** Threshold (pkg/expr/threshold.go): 1 where the condition holds, 0 elsewhere (NaN never holds). */
export function threshold(input: Value, type: ThresholdType, params: number[]): Value {
  const [a = NaN, b = NaN] = params;
  const holds = (v: number): boolean => {
    switch (type) {
      case 'gt':
        return v > a;
      case 'lt':
        return v < a;
      case 'within_range':
        return v > a && v < b;
      case 'outside_range':
        return v < a || v > b;
      case 'within_range_included':
        return v >= a && v <= b;
      case 'outside_range_included':
        return v <= a || v >= b;
    }
  };
  const items = input.kind === 'number' ? input.items : reduce(input, 'last').items as NumberItem[];
  return { kind: 'number', items: items.map((n) => ({ labels: n.labels, value: n.value === null || Number.isNaN(n.value) ? 0 : holds(n.value) ? 1 : 0 })) };
}

// ---- math -------------------------------------------------------------------------------

type Tok = { t: 'num'; v: number } | { t: 'var'; v: string } | { t: 'id'; v: string } | { t: 'op'; v: string };

function tokenize(src: string): Tok[] {
  const out: Tok[] = [];
  const re = /\s*(?:(\d+(?:\.\d*)?(?:[eE][-+]?\d+)?|\.\d+)|\$\{(\w+)\}|\$(\w+)|([A-Za-z_]\w*)|(&&|\|\||==|!=|>=|<=|\*\*|[-+*/%()<>!,]))/y;
  let pos = 0;
  while (pos < src.length) {
    if (/^\s*$/.test(src.slice(pos))) break;
    re.lastIndex = pos;
    const m = re.exec(src);
    if (!m) throw new Error(`math: cannot parse at "${src.slice(pos)}"`);
    pos = re.lastIndex;
    if (m[1] !== undefined) out.push({ t: 'num', v: Number(m[1]) });
    else if (m[2] ?? m[3]) out.push({ t: 'var', v: (m[2] ?? m[3]) as string });
    else if (m[4]) out.push({ t: 'id', v: m[4] });
    else out.push({ t: 'op', v: m[5] as string });
  }
  return out;
}

const FUNCS: Record<string, (x: number) => number> = {
  abs: Math.abs,
  log: Math.log,
  round: Math.round,
  ceil: Math.ceil,
  floor: Math.floor,
  is_nan: (x) => (Number.isNaN(x) ? 1 : 0),
  is_inf: (x) => (Number.isFinite(x) || Number.isNaN(x) ? 0 : 1),
  is_number: (x) => (Number.isFinite(x) ? 1 : 0),
};
const BIN: Record<string, (a: number, b: number) => number> = {
  '+': (a, b) => a + b,
  '-': (a, b) => a - b,
  '*': (a, b) => a * b,
  '/': (a, b) => a / b,
  '%': (a, b) => a % b,
  '**': (a, b) => a ** b,
  '>': (a, b) => +(a > b),
  '<': (a, b) => +(a < b),
  '>=': (a, b) => +(a >= b),
  '<=': (a, b) => +(a <= b),
  '==': (a, b) => +(a === b),
  '!=': (a, b) => +(a !== b),
  '&&': (a, b) => +(a !== 0 && b !== 0),
  '||': (a, b) => +(a !== 0 || b !== 0),
};
const PREC: [string[], number][] = [[['||'], 1], [['&&'], 2], [['==', '!='], 3], [['>', '<', '>=', '<='], 4], [['+', '-'], 5], [['*', '/', '%'], 6], [['**'], 7]];
const precOf = (op: string): number => PREC.find(([ops]) => ops.includes(op))?.[1] ?? 0;

type Operand = { kind: 'scalar'; value: number } | Value;
const subset = (a: Labels, b: Labels): boolean => Object.entries(a).every(([k, v]) => b[k] === v);

function mapValue(x: Operand, f: (v: number) => number): Operand {
  if (x.kind === 'scalar') return { kind: 'scalar', value: f(x.value) };
  if (x.kind === 'number') return { kind: 'number', items: x.items.map((n) => ({ labels: n.labels, value: n.value === null ? null : f(n.value) })) };
  return { kind: 'series', items: x.items.map((s) => ({ labels: s.labels, points: s.points.map((p) => ({ t: p.t, v: p.v === null ? null : f(p.v) })) })) };
}

/** Binary op with Grafana's union rules: scalars broadcast; sets join on equal or subset labels. */
function binary(op: string, l: Operand, r: Operand): Operand {
  const f = BIN[op] as (a: number, b: number) => number;
  if (l.kind === 'scalar') return mapValue(r, (v) => f(l.value, v));
  if (r.kind === 'scalar') return mapValue(l, (v) => f(v, r.value));
  if (l.kind !== 'number' || r.kind !== 'number') throw new Error('math: only numbers (reduced values) can be combined here');
  const items: NumberItem[] = [];
  for (const a of l.items) {
    for (const b of r.items) {
      if (!subset(a.labels, b.labels) && !subset(b.labels, a.labels)) continue;
      const labels = Object.keys(a.labels).length >= Object.keys(b.labels).length ? a.labels : b.labels;
      items.push({ labels, value: a.value === null || b.value === null ? null : f(a.value, b.value) });
    }
  }
  return { kind: 'number', items };
}

/** A math expression (pkg/expr/mathexp/exp.go: `$B > 70`, `($C - $D) / $D * 100`, `abs($A)`), operands joined on labels. */
export function math(expression: string, vars: Readonly<Record<string, Value>>): Value {
  const toks = tokenize(expression);
  let i = 0;
  const peek = (): Tok | undefined => toks[i];
  const expectOp = (v: string): void => {
    const t = toks[i++];
    if (t?.t !== 'op' || t.v !== v) throw new Error(`math: expected "${v}" in ${expression}`);
  };
  const primary = (): Operand => {
    const t = toks[i++];
    if (!t) throw new Error(`math: unexpected end of ${expression}`);
    if (t.t === 'num') return { kind: 'scalar', value: t.v };
    if (t.t === 'var') {
      const v = vars[t.v];
      if (!v) throw new Error(`math: $${t.v} is not defined`);
      return v;
    }
    if (t.t === 'id') {
      const fn = FUNCS[t.v];
      if (!fn) throw new Error(`math: unknown function ${t.v}`);
      expectOp('(');
      const arg = expr(0);
      expectOp(')');
      return mapValue(arg, fn);
    }
    if (t.v === '(') {
      const e = expr(0);
      expectOp(')');
      return e;
    }
    if (t.v === '-') return mapValue(primary(), (v) => -v);
    if (t.v === '!') return mapValue(primary(), (v) => +(v === 0));
    throw new Error(`math: unexpected "${t.v}" in ${expression}`);
  };
  const expr = (minPrec: number): Operand => {
    let left = primary();
    for (;;) {
      const t = peek();
      if (t?.t !== 'op' || !(t.v in BIN) || precOf(t.v) < minPrec) break;
      i++;
      const p = precOf(t.v);
      const right = expr(t.v === '**' ? p : p + 1);
      left = binary(t.v, left, right);
    }
    return left;
  };
  const result = expr(1);
  if (i < toks.length) throw new Error(`math: trailing input in ${expression}`);
  return result.kind === 'scalar' ? { kind: 'number', items: [{ labels: {}, value: result.value }] } : result;
}

// ---- rules ------------------------------------------------------------------------------

/** One entry of a rule's `data`: either a datasource query or an expression model. */
export interface RuleQuery {
  refId: string;
  datasourceUid: string;
  model: Record<string, unknown>;
}

export interface RuleEvaluation {
  /**
   * NoData: the condition had nothing to evaluate (the rule's noDataState then applies).
   * Error: the condition's results are not one per label set (the rule's execErrState applies).
   */
  state: 'Alerting' | 'Normal' | 'NoData' | 'Error';
  error?: string;
  instances: { labels: Labels; value: number | null; firing: boolean }[];
  values: Record<string, Value>;
}

/**
 * Runs the `__expr__` entries of a rule in order over the given query results and reads
 * `condition` (pkg/services/ngalert/eval/eval.go: no result is NoData, a non-zero value fires).
 */
export function evaluateRule(data: RuleQuery[], condition: string, queryResults: Readonly<Record<string, Series[]>>): RuleEvaluation {
  const values: Record<string, Value> = {};
  for (const q of data) {
    if (q.datasourceUid !== '__expr__') {
      const r = queryResults[q.refId];
      if (!r) throw new Error(`no query result for refId ${q.refId}`);
      values[q.refId] = { kind: 'series', items: r };
      continue;
    }
    const m = q.model;
    const input = (): Value => {
      const ref = String(m.expression ?? '').replace(/^\$/, '');
      const v = values[ref];
      if (!v) throw new Error(`${q.refId}: expression input ${ref} is not evaluated before it`);
      return v;
    };
    switch (m.type) {
      case 'reduce': {
        const settings = (m.settings ?? {}) as { mode?: ReduceMode; replaceWithValue?: number };
        values[q.refId] = reduce(input(), m.reducer as Reducer, settings.mode ?? 'strict', settings.replaceWithValue ?? 0);
        break;
      }
      case 'threshold': {
        const conds = m.conditions as { evaluator: { type: ThresholdType; params: number[] } }[];
        const ev = conds[0]?.evaluator;
        if (!ev) throw new Error(`${q.refId}: threshold without evaluator`);
        values[q.refId] = threshold(input(), ev.type, ev.params);
        break;
      }
      case 'math':
        values[q.refId] = math(String(m.expression), values);
        break;
      default:
        throw new Error(`${q.refId}: expression type ${String(m.type)} is not supported by this evaluator`);
    }
  }
  const cond = values[condition];
  if (!cond) throw new Error(`condition ${condition} was not evaluated`);
  const items = cond.kind === 'number' ? cond.items : (reduce(cond, 'last').items as NumberItem[]);
  const instances = items.map((n) => ({ labels: n.labels, value: n.value, firing: n.value !== null && !Number.isNaN(n.value) && n.value !== 0 }));
  // pkg/services/ngalert/eval/eval.go: two results with one label set make the whole rule Error
  // ("frame cannot uniquely be identified by its labels").
  const seen = new Set<string>();
  for (const i of instances) {
    const key = JSON.stringify(Object.entries(i.labels).sort(([a], [b]) => a.localeCompare(b)));
    if (seen.has(key)) return { state: 'Error', error: `duplicate results with labels ${key}`, instances, values };
    seen.add(key);
  }
  const state = instances.length === 0 ? 'NoData' : instances.some((x) => x.firing) ? 'Alerting' : 'Normal';
  return { state, instances, values };
}
