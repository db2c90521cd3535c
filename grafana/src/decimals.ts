/**
 * Grafana's `decimals` is a count of decimal places for every value of a field, so one setting
 * cannot show a $90,000 and a $0.00001 price with 4 significant digits. These overrides pick
 * the places from the field's own values (Grafana's byValue matcher), ascending, so the last
 * one that matches, the most places needed, wins.
 */
type Prop = { id: string; value?: unknown };
export interface TierOverride {
  matcher: { id: 'byValue'; options: { reducer: string; op: string; value: number } };
  properties: Prop[];
}

const DIGITS = 4;
const pow = (k: number): number => Number(`1e${k}`);

/** For positive series (prices, rates): places from the smallest value above zero ("logmin"). */
export function positiveTiers(minPlaces = 2): TierOverride[] {
  const out: TierOverride[] = [];
  for (let k = DIGITS - 1 - minPlaces - 1; k >= -12; k--) {
    out.push({ matcher: { id: 'byValue', options: { reducer: 'logmin', op: 'lt', value: pow(k + 1) } }, properties: [{ id: 'decimals', value: DIGITS - 1 - k }] });
  }
  return out;
}

/**
 * For signed values (changes, MACD): "max > 10^k" and "min < -10^k" each match only their own
 * side, so for one value the last match (k ascending) is its magnitude. For a series the larger
 * extreme decides; `margin` extra places keep an opposite extreme up to 10^margin times
 * smaller at 4 digits; `digits` significant digits of the larger extreme (default 4).
 */
export function signedTiers(minPlaces = 2, margin = 0, digits = DIGITS): TierOverride[] {
  const out: TierOverride[] = [];
  for (let k = -12; k <= digits - 1 - minPlaces + margin; k++) {
    const properties = [{ id: 'decimals', value: digits - 1 - k + margin }];
    out.push({ matcher: { id: 'byValue', options: { reducer: 'max', op: 'gt', value: pow(k) } }, properties });
    out.push({ matcher: { id: 'byValue', options: { reducer: 'min', op: 'lt', value: -pow(k) } }, properties });
  }
  return out;
}
