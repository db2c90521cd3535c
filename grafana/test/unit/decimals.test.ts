// @vitest-environment jsdom
// Grafana's byValue matcher and display processor (@grafana/data) decide what each tier shows.
import { describe, expect, it } from 'vitest';
import { panelProblems } from '../../check/problems.js';
import { dashboardVariables } from '../../check/variables.js';
import type { Frame } from '../../model/frames.js';
import { positiveTiers, signedTiers } from '../../src/decimals.js';

const frame = (values: number[]): Frame => ({
  name: '',
  fields: [
    { name: 'Time', type: 'time', values: values.map((_, i) => i * 60_000), config: {} },
    { name: 'price', type: 'number', values, config: {} },
  ],
});
const problems = (values: number[], unit: string, overrides: ReturnType<typeof positiveTiers>) =>
  panelProblems({ id: 1, type: 'timeseries', title: 't', fieldConfig: { defaults: { unit, decimals: 2 }, overrides } }, [frame(values)], dashboardVariables([]));

describe('decimal tiers (byValue overrides) keep 4 significant digits at every price scale', () => {
  for (const base of [91234.56, 190.23, 12.3456, 1.23456, 0.0123456, 1.23456e-5, 1.23456e-8]) {
    it(`prices around ${base}`, () => {
      expect(problems([base, base * 1.013], 'prefix:$', positiveTiers())).toEqual([]);
    });
  }

  it('without them, one decimals setting fails the small prices', () => {
    expect(problems([1.23456e-5, 1.25e-5], 'prefix:$', [])).not.toEqual([]);
  });

  it('signed values (changes, MACD) on either side of zero', () => {
    for (const v of [-3.79404, 0.070081, -1.2345e-8, 4.67e-8, 1234.5]) expect(problems([v], 'percent', signedTiers()), String(v)).toEqual([]);
    expect(problems([-0.51234, 0.61234], 'none', signedTiers(2, 1))).toEqual([]);
  });
});
