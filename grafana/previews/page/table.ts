/** The table panel: @grafana/ui's TableNG (Grafana 13's table) with the panel's first frame after its field config. */
import { createElement as h } from 'react';
import type { DataFrame } from '@grafana/data';
import { TableNG } from '@grafana/ui/unstable';

interface TableOptions {
  frameIndex?: number;
  showHeader?: boolean;
  showTypeIcons?: boolean;
  cellHeight?: 'sm' | 'md' | 'lg';
}

export function tableView(frames: DataFrame[], options: Record<string, unknown> | undefined, width: number, height: number) {
  const o = (options ?? {}) as TableOptions;
  const data = frames[o.frameIndex ?? 0] ?? frames[0];
  if (!data) return null;
  return h(TableNG as never, { data, width, height, noHeader: o.showHeader === false, showTypeIcons: o.showTypeIcons === true, cellHeight: o.cellHeight ?? 'sm' } as never);
}
