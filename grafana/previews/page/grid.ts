/**
 * Grafana's dashboard grid (react-grid-layout as Grafana configures it: 24 columns, 30 px rows,
 * 8 px margins, no padding): where a panel with a given gridPos sits, in pixels.
 */
export const COLUMNS = 24;
export const ROW_HEIGHT = 30;
export const MARGIN = 8;

export interface GridPos {
  x: number;
  y: number;
  w: number;
  h: number;
}
export interface Box {
  left: number;
  top: number;
  width: number;
  height: number;
}

export function panelBox(pos: GridPos, gridWidth: number): Box {
  const col = (gridWidth - MARGIN * (COLUMNS - 1)) / COLUMNS;
  return {
    left: Math.round((col + MARGIN) * pos.x),
    top: Math.round((ROW_HEIGHT + MARGIN) * pos.y),
    width: Math.round(col * pos.w + Math.max(0, pos.w - 1) * MARGIN),
    height: Math.round(ROW_HEIGHT * pos.h + Math.max(0, pos.h - 1) * MARGIN),
  };
}

export const gridHeight = (positions: GridPos[]): number => Math.max(0, ...positions.map((p) => (ROW_HEIGHT + MARGIN) * (p.y + p.h) - MARGIN));
