/**
 * The stat panel: @grafana/ui's BigValue for each value Grafana's getFieldDisplayValues computes
 * (check/panel.ts reducedValues), laid out by @grafana/ui's VizRepeater, with the panel's options.
 */
import { createElement as h } from 'react';
import { getDisplayValueAlignmentFactors, type FieldDisplay, type GrafanaTheme2, VizOrientation } from '@grafana/data';
import { BigValue, BigValueColorMode, BigValueGraphMode, BigValueJustifyMode, BigValueTextMode, VizRepeater } from '@grafana/ui';
import { reducedValues, type PanelModel } from '../../check/panel.js';
import type { DashboardVariables } from '../../check/variables.js';
import type { Frame } from '../../model/frames.js';

interface StatOptions {
  colorMode?: BigValueColorMode;
  graphMode?: BigValueGraphMode;
  justifyMode?: BigValueJustifyMode;
  textMode?: BigValueTextMode;
  orientation?: VizOrientation;
  wideLayout?: boolean;
  text?: { titleSize?: number; valueSize?: number };
  minVizWidth?: number;
  minVizHeight?: number;
}

export function statView(panel: PanelModel, frames: Frame[], vars: DashboardVariables, theme: GrafanaTheme2, width: number, height: number) {
  const o = (panel.options ?? {}) as StatOptions;
  const values = reducedValues(panel, frames, vars);
  return h(VizRepeater<FieldDisplay, ReturnType<typeof getDisplayValueAlignmentFactors>>, {
    source: values,
    getValues: () => values,
    getAlignmentFactors: (vs) => getDisplayValueAlignmentFactors(vs),
    renderCounter: 0,
    width,
    height,
    autoGrid: true,
    itemSpacing: 3,
    minVizWidth: o.minVizWidth ?? 75,
    minVizHeight: o.minVizHeight ?? 75,
    orientation: o.orientation ?? VizOrientation.Auto,
    renderValue: ({ value, width: w, height: ht, alignmentFactors, count }) =>
      h(BigValue, {
        value: value.display,
        ...(value.sparkline ? { sparkline: value.sparkline } : {}),
        colorMode: o.colorMode ?? BigValueColorMode.Value,
        graphMode: o.graphMode ?? BigValueGraphMode.Area,
        justifyMode: o.justifyMode ?? BigValueJustifyMode.Auto,
        textMode: o.textMode ?? BigValueTextMode.Auto,
        ...(o.text ? { text: o.text } : {}),
        alignmentFactors,
        count,
        width: w,
        height: ht,
        theme,
        disableWideLayout: o.wideLayout === false,
      }),
  });
}
