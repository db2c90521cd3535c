/**
 * The template-variable references in a text, for the file validator (which runs without a
 * DOM). Scenes parses references with its `VARIABLE_REGEX`, which it does not export: this is
 * that regex verbatim (grafana/scenes, packages/scenes/src/variables/constants.ts, @grafana/scenes
 * 9.2.2; Grafana's own copy is `variableRegex`, public/app/features/variables/utils.ts).
 * Groups: `$name`; `[[name:format]]`; `${name.path:format}`.
 */
// Kept verbatim from Scenes, its redundant `\[` included.
// eslint-disable-next-line no-useless-escape
const VARIABLE_REGEX = /\$(\w+)|\[\[(\w+?)(?::(\w+))?\]\]|\${(\w+)((?:\.[^:^{}\[\]]+|\["[^"]*"\]|\['[^']*'\]|\[[^\]"']*\])*)(?::([^}]+))?}/g;

export interface VariableRef {
  name: string;
  format: string | undefined;
  raw: string;
}

/** References to dashboard variables, in order; built-ins (`$__interval`, `${__field...}`) excluded. */
export function variableRefs(text: string): VariableRef[] {
  const refs: VariableRef[] = [];
  for (const m of text.matchAll(VARIABLE_REGEX)) {
    const name = m[1] ?? m[2] ?? m[4];
    if (!name || name.startsWith('__')) continue;
    refs.push({ name, format: m[3] ?? m[6], raw: m[0] });
  }
  return refs;
}
