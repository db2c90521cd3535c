import { z } from 'zod';
import { ConfigError } from '@tickflow/contracts';

type Env = Record<string, string | undefined>;

/**
 * Validates an env map against a schema whose keys are variable names.
 * Every problem is reported at once, by variable name, so a user fixes them in one go.
 */
export function parseEnv<S extends z.ZodType>(schema: S, env: Env): Readonly<z.infer<S>> {
  const result = schema.safeParse(env);
  if (!result.success) {
    const lines = result.error.issues.map((i) => `  ${i.path.join('.') || '(env)'}: ${i.message}`);
    throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
  }
  return Object.freeze(result.data);
}

/** Comma-separated list, trimmed, empties dropped. */
export function csv(value: string): string[] {
  return value
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
}

/**
 * `FX_RATES`-style env: `CUR=rate,...` (units of base per unit of CUR) -> a rate map.
 * One parser for every service that converts currency.
 */
export function fxRatesEnv(def: string) {
  return z
    .string()
    .default(def)
    .transform((s, ctx) => {
      const rates: Record<string, number> = {};
      for (const pair of csv(s)) {
        const [cur, rate] = pair.split('=');
        const r = Number(rate);
        if (!cur || !/^[A-Z]{3}$/.test(cur) || !(r > 0)) {
          ctx.addIssue({ code: 'custom', message: `bad rate "${pair}", expected CUR=number` });
          return z.NEVER;
        }
        rates[cur] = r;
      }
      return rates;
    });
}
