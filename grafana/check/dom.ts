/**
 * What jsdom lacks and Grafana's packages touch at import time: uPlot reads the device pixel
 * ratio through matchMedia, Scenes' lazy loader subclasses IntersectionObserver, panels observe
 * their size. Nothing is laid out in the tests, so these observe nothing. Import before any
 * @grafana/ui or @grafana/scenes module.
 */
class Inert {
  observe(): void {}
  unobserve(): void {}
  disconnect(): void {}
  takeRecords(): [] {
    return [];
  }
}
const g = globalThis as Record<string, unknown>;
const win = g.window as Record<string, unknown> | undefined;
if (win && typeof win.matchMedia !== 'function') {
  win.matchMedia = (query: string) => ({ matches: false, media: query, onchange: null, addListener() {}, removeListener() {}, addEventListener() {}, removeEventListener() {}, dispatchEvent: () => false });
}
g.IntersectionObserver ??= Inert;
g.ResizeObserver ??= Inert;
export {};
