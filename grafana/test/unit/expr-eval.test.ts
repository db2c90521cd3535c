import { describe, expect, it } from 'vitest';
import { evaluateRule, math, reduce, threshold, type RuleQuery, type Series, type Value } from '../../model/expr-eval.js';

const series = (labels: Record<string, string>, ...values: (number | null)[]): Series => ({ labels, points: values.map((v, i) => ({ t: i * 1000, v })) });
const set = (...items: Series[]): Value => ({ kind: 'series', items });
const nums = (v: Value) => (v.kind === 'number' ? v.items.map((i) => i.value) : []);

describe('reduce', () => {
  const s = set(series({ s: 'a' }, 1, NaN, 3, null, 2));
  it('last/mean/max/min/sum/count with drop-NaN mode', () => {
    expect(nums(reduce(s, 'last', 'dropNN'))).toEqual([2]);
    expect(nums(reduce(s, 'mean', 'dropNN'))).toEqual([2]);
    expect(nums(reduce(s, 'max', 'dropNN'))).toEqual([3]);
    expect(nums(reduce(s, 'min', 'dropNN'))).toEqual([1]);
    expect(nums(reduce(s, 'sum', 'dropNN'))).toEqual([6]);
    expect(nums(reduce(s, 'count', 'dropNN'))).toEqual([3]);
  });
  it('strict mode propagates NaN; replaceNN substitutes', () => {
    expect(nums(reduce(s, 'sum'))[0]).toBeNaN();
    expect(nums(reduce(s, 'sum', 'replaceNN', 10))).toEqual([26]);
  });
  it('an empty series reduces to NaN (sum 0, count 0); one number per series, labels kept', () => {
    const r = reduce(set(series({ s: 'a' }), series({ s: 'b' }, 5)), 'last', 'dropNN');
    expect(r.kind === 'number' && r.items.map((i) => i.labels.s)).toEqual(['a', 'b']);
    expect(nums(r)[0]).toBeNaN();
    expect(nums(reduce(set(series({})), 'sum', 'dropNN'))).toEqual([0]);
  });
});

describe('threshold', () => {
  const v: Value = { kind: 'number', items: [10, 50, 90, NaN].map((value, i) => ({ labels: { i: String(i) }, value })) };
  it('gt, lt, within_range, outside_range; NaN never holds', () => {
    expect(nums(threshold(v, 'gt', [70]))).toEqual([0, 0, 1, 0]);
    expect(nums(threshold(v, 'lt', [30]))).toEqual([1, 0, 0, 0]);
    expect(nums(threshold(v, 'within_range', [10, 90]))).toEqual([0, 1, 0, 0]);
    expect(nums(threshold(v, 'within_range_included', [10, 90]))).toEqual([1, 1, 1, 0]);
    expect(nums(threshold(v, 'outside_range', [20, 80]))).toEqual([1, 0, 1, 0]);
  });
});

describe('math', () => {
  const C: Value = { kind: 'number', items: [{ labels: {}, value: 100 }] };
  const D: Value = { kind: 'number', items: [{ labels: {}, value: 400 }] };
  it('arithmetic with precedence, comparisons, logic and functions', () => {
    expect(nums(math('($C - $D) / $D * 100', { C, D }))).toEqual([-75]);
    expect(nums(math('$C + $D * 2', { C, D }))).toEqual([900]);
    expect(nums(math('2 ** 3 ** 2', {}))).toEqual([512]);
    expect(nums(math('$C >= 10 && $C > 2 * ($D / 4)', { C, D }))).toEqual([0]);
    expect(nums(math('abs(-$C) == 100 || 0', { C }))).toEqual([1]);
    expect(nums(math('is_nan($C / 0 - $C / 0)', { C }))).toEqual([1]);
    expect(nums(math('${C} - -1', { C }))).toEqual([101]);
  });
  it('joins numbers on labels', () => {
    const A: Value = { kind: 'number', items: [{ labels: { s: 'x' }, value: 1 }, { labels: { s: 'y' }, value: 2 }] };
    const B: Value = { kind: 'number', items: [{ labels: { s: 'y' }, value: 10 }, { labels: { s: 'x' }, value: 20 }] };
    const r = math('$A + $B', { A, B });
    expect(r.kind === 'number' && r.items.map((i) => `${i.labels.s}=${i.value}`)).toEqual(['x=21', 'y=12']);
  });
  it('reports bad expressions', () => {
    expect(() => math('$Z + 1', {})).toThrow('$Z is not defined');
    expect(() => math('1 +', {})).toThrow('unexpected end');
    expect(() => math('nope(1)', {})).toThrow('unknown function nope');
  });
});

describe('evaluateRule', () => {
  const data: RuleQuery[] = [
    { refId: 'A', datasourceUid: 'ds', model: {} },
    { refId: 'B', datasourceUid: '__expr__', model: { type: 'reduce', expression: 'A', reducer: 'last', settings: { mode: 'dropNN' } } },
    { refId: 'C', datasourceUid: '__expr__', model: { type: 'threshold', expression: 'B', conditions: [{ evaluator: { type: 'gt', params: [70] } }] } },
  ];
  it('fires per series whose condition holds', () => {
    const r = evaluateRule(data, 'C', { A: [series({ symbol: 'UP' }, 50, 80), series({ symbol: 'FLAT' }, 50, 50)] });
    expect(r.state).toBe('Alerting');
    expect(r.instances.map((i) => `${i.labels.symbol}:${i.firing}`)).toEqual(['UP:true', 'FLAT:false']);
  });
  it('is Normal when nothing holds and NoData without series', () => {
    expect(evaluateRule(data, 'C', { A: [series({ symbol: 'FLAT' }, 50)] }).state).toBe('Normal');
    expect(evaluateRule(data, 'C', { A: [] }).state).toBe('NoData');
  });
  it('rejects a missing query result or an unknown condition', () => {
    expect(() => evaluateRule(data, 'C', {})).toThrow('no query result for refId A');
    expect(() => evaluateRule(data, 'Z', { A: [] })).toThrow('condition Z was not evaluated');
  });
});

describe('rule state (pkg/services/ngalert/eval/eval.go)', () => {
  const data: RuleQuery[] = [
    { refId: 'A', datasourceUid: 'influx', model: {} },
    { refId: 'B', datasourceUid: '__expr__', model: { type: 'reduce', expression: 'A', reducer: 'last', settings: { mode: 'dropNN' } } },
    { refId: 'C', datasourceUid: '__expr__', model: { type: 'threshold', expression: 'B', conditions: [{ evaluator: { type: 'gt', params: [70] } }] } },
  ];

  it('two results with one label set make the rule Error, not two alerts', () => {
    const r = evaluateRule(data, 'C', { A: [series({ symbol: 'X' }, 80), series({ symbol: 'Y' }, 10), series({ symbol: 'X' }, 75)] });
    expect(r.state).toBe('Error');
    expect(r.error).toContain('"symbol","X"');
  });

  it('one result per label set: one instance each', () => {
    const r = evaluateRule(data, 'C', { A: [series({ symbol: 'X' }, 80), series({ symbol: 'Y' }, 10)] });
    expect([r.state, r.instances.map((i) => i.firing)]).toEqual(['Alerting', [true, false]]);
  });
});
