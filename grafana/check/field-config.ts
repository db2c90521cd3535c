/**
 * The field options registry Grafana's app gives applyFieldOverrides. The processors are
 * @grafana/data's; only the table of which option exists and which field types it applies to
 * lives in Grafana's app, not in a package (public/app/core/components/OptionsUI/registry.tsx,
 * getAllStandardFieldConfigs), so it is restated here, one line per option. Panel-specific
 * `custom.*` options are taken as given (identity), as the panel plugin's builder declares them.
 */
import {
  dataLinksOverrideProcessor,
  displayNameOverrideProcessor,
  FieldConfigOptionsRegistry,
  FieldType,
  identityOverrideProcessor,
  numberOverrideProcessor,
  stringOverrideProcessor,
  thresholdsOverrideProcessor,
  valueMappingsOverrideProcessor,
  type Field,
  type FieldConfigPropertyItem,
} from '@grafana/data';

type Process = FieldConfigPropertyItem['process'];
const any = (): boolean => true;
const numeric = (f: Field): boolean => f.type === FieldType.number;

// [id, processor, applies to]: unit applies to every type, strings included (defect 7's cause).
const STANDARD: [string, Process, (f: Field) => boolean][] = [
  ['unit', stringOverrideProcessor, any],
  ['min', numberOverrideProcessor, numeric],
  ['max', numberOverrideProcessor, numeric],
  ['decimals', numberOverrideProcessor, numeric],
  ['displayName', displayNameOverrideProcessor, any],
  ['color', identityOverrideProcessor, any],
  ['noValue', stringOverrideProcessor, any],
  ['links', dataLinksOverrideProcessor, any],
  ['mappings', valueMappingsOverrideProcessor, (f) => f.type !== FieldType.time],
  ['thresholds', thresholdsOverrideProcessor, any],
];

// Only the display name expands template variables (`${__field.labels.x}`): registry.tsx's
// `expandTemplateVars` setting, which stringOverrideProcessor reads.
const item = (id: string, path: string, process: Process, shouldApply: (f: Field) => boolean, isCustom = false): FieldConfigPropertyItem =>
  ({ id, path, name: id, process, shouldApply, isCustom, override: () => null, editor: () => null, settings: { expandTemplateVars: id === 'displayName' } }) as unknown as FieldConfigPropertyItem;

/** The registry for a panel whose field config uses `customIds` (e.g. `custom.lineStyle`). */
export function fieldConfigRegistry(customIds: Iterable<string> = []): FieldConfigOptionsRegistry {
  const items = STANDARD.map(([id, process, applies]) => item(id, id, process, applies));
  for (const id of new Set(customIds)) items.push(item(id, id.slice('custom.'.length), identityOverrideProcessor, any, true));
  return new FieldConfigOptionsRegistry(() => items);
}
