/**
 * How big a stat's value is drawn: @grafana/ui's BigValue rendered to markup (React server
 * rendering) with the panel's options, at the size the stat panel gives one of its values.
 * BigValue picks its layout (wide: name left, value right; stacked: name above value) from the
 * panel's `wideLayout` option and the box's shape, then sizes the text to fit.
 */
import './dom.js';
import type { FieldDisplay } from '@grafana/data';
import { createTheme } from '@grafana/data';
import { BigValue, BigValueColorMode, BigValueGraphMode, BigValueJustifyMode, BigValueTextMode } from '@grafana/ui';
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';

const theme = createTheme();

/**
 * jsdom has no canvas: BigValue measures its text with a 2D context to fit it. This model of
 * measureText gives each character 0.6 em (Inter's digits are 0.57-0.62 em wide); only the
 * relative sizes of layouts are compared with it.
 */
const proto = (globalThis as { HTMLCanvasElement?: { prototype: { getContext: (id: string) => unknown } } }).HTMLCanvasElement?.prototype;
if (proto) {
  const ctx = { font: '10px sans-serif', measureText(text: string) { return { width: text.length * 0.6 * Number(/([\d.]+)px/.exec(this.font)?.[1] ?? 10) }; } };
  proto.getContext = () => ctx;
}

/** The value's font size in px, for one value of a stat whose options are `options`, in a `width` x `height` box. */
export function valueFontSize(value: FieldDisplay, options: Record<string, unknown> | undefined, width: number, height: number): number {
  const o = (options ?? {}) as { textMode?: BigValueTextMode; colorMode?: BigValueColorMode; justifyMode?: BigValueJustifyMode; wideLayout?: boolean; text?: object };
  const html = renderToStaticMarkup(
    createElement(BigValue, {
      value: value.display,
      colorMode: o.colorMode ?? BigValueColorMode.Value,
      graphMode: BigValueGraphMode.None,
      justifyMode: o.justifyMode ?? BigValueJustifyMode.Auto,
      textMode: o.textMode ?? BigValueTextMode.Auto,
      ...(o.text ? { text: o.text } : {}),
      width,
      height,
      theme,
      disableWideLayout: o.wideLayout === false,
    }),
  );
  const sizes = [...html.matchAll(/font-size:\s*([\d.]+)px/g)].map((m) => Number(m[1]));
  if (sizes.length === 0) throw new Error(`no font size in ${html.slice(0, 300)}`);
  // The value is the largest text of the box (the name is drawn smaller).
  return Math.max(...sizes);
}
