import { Resvg } from '@resvg/resvg-js';
import { writeFile } from 'node:fs/promises';

/** SVG -> PNG file (resvg: no browser, system fonts, DejaVu in the image). */
export async function writePng(path: string, svg: string): Promise<void> {
  const png = new Resvg(svg, { fitTo: { mode: 'original' }, font: { loadSystemFonts: true, defaultFontFamily: 'DejaVu Sans' } }).render().asPng();
  await writeFile(path, png);
}
