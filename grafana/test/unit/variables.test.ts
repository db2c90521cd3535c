// @vitest-environment jsdom
// Template variables as Grafana's frontend replaces them: Scenes' own interpolation
// (check/variables.ts), and the validator's reference finder agreeing with Scenes' parser.
import '../../check/dom.js';
import { VariableDependencyConfig, type SceneObject } from '@grafana/scenes';
import { describe, expect, it } from 'vitest';
import { variableRefs } from '../../check/variable-refs.js';
import { dashboardVariables, type VariableModel } from '../../check/variables.js';

const list: VariableModel[] = [
  { type: 'custom', name: 'symbol', multi: true, includeAll: true, query: 'AAPL,BTC-USD,BRK.B' },
  { type: 'custom', name: 'one', multi: true, query: 'ETH-USD,SOL-USD' },
  { type: 'constant', name: 'n', query: '5' },
];
const vars = dashboardVariables(list, {}, { symbol: ['AAPL', 'BTC-USD', 'BRK.B'], one: ['ETH-USD'] });

describe('template variables (Scenes\' interpolation)', () => {
  it('regex format: escaped values, multi values as an alternation', () => {
    expect(vars.interpolate('r.symbol =~ /^${symbol:regex}$/')).toBe('r.symbol =~ /^(AAPL|BTC-USD|BRK\\.B)$/');
    expect(vars.interpolate('/^${one:regex}$/')).toBe('/^ETH-USD$/');
  });
  it('other formats and syntaxes; unknown variables stay', () => {
    expect(vars.interpolate('$symbol')).toBe('{AAPL,BTC-USD,BRK.B}');
    expect(vars.interpolate('${symbol:pipe} [[n]] $n ${symbol:json}')).toBe('AAPL|BTC-USD|BRK.B 5 5 ["AAPL","BTC-USD","BRK.B"]');
    expect(vars.interpolate('${symbol:doublequote}')).toBe('"AAPL","BTC-USD","BRK.B"');
    expect(vars.interpolate('$nope')).toBe('$nope');
  });
  it('lists undefined references, built-ins excluded', () => {
    expect(vars.undefinedRefs('$symbol ${nope:regex} $__interval')).toEqual(['nope']);
  });
});

describe('variable references for the file validator', () => {
  const texts = ['${symbol:regex} $n ${__field.labels.x} $__interval', '[[a:csv]] ${b.c} $d_1', '${e["k"]:raw} no $ here'];
  it('finds each reference with its format, built-ins excluded', () => {
    expect(variableRefs(texts[0] as string).map((r) => `${r.name}:${r.format ?? ''}`)).toEqual(['symbol:regex', 'n:']);
    expect(variableRefs(texts[1] as string).map((r) => `${r.name}:${r.format ?? ''}`)).toEqual(['a:csv', 'b:', 'd_1:']);
  });
  it('names the variables Scenes\' own parser finds', () => {
    for (const text of texts) {
      const holder = { state: { text } } as unknown as SceneObject;
      const scenes = [...new VariableDependencyConfig(holder, { statePaths: ['text' as never] }).getNames()].filter((n) => !n.startsWith('__'));
      expect(variableRefs(text).map((r) => r.name), text).toEqual(scenes);
    }
  });
});
