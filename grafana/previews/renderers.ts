/**
 * Which code draws each panel type in the previews: @grafana/ui's own component, or the
 * project's sketch (page/sketch.ts) for the types @grafana/ui 13.2.3 does not export.
 */
export const RENDERERS: Readonly<Record<string, 'grafana-ui' | 'sketch'>> = {
  stat: 'grafana-ui', // BigValue in VizRepeater
  timeseries: 'grafana-ui', // TimeSeries (GraphNG, uPlot)
  table: 'grafana-ui', // TableNG
  candlestick: 'sketch', // core plugin in Grafana's app
  barchart: 'sketch', // core plugin in Grafana's app
  piechart: 'sketch', // core plugin in Grafana's app
};
