import { Resvg } from '@resvg/resvg-js';
import { writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';

// The fonts come with the package (npm `dejavu-fonts-ttf`, DejaVu's free licence), not from
// the system: the runtime image has none, and charts look the same on every machine.
const require = createRequire(import.meta.url);
const FONTS = ['DejaVuSans.ttf', 'DejaVuSans-Bold.ttf'].map((f) => require.resolve(`dejavu-fonts-ttf/ttf/${f}`));

/** SVG -> PNG file, rendered by resvg (no browser). */
export async function writePng(path: string, svg: string): Promise<void> {
  const png = new Resvg(svg, { fitTo: { mode: 'original' }, font: { fontFiles: FONTS, loadSystemFonts: false, defaultFontFamily: 'DejaVu Sans' } }).render().asPng();
  await writeFile(path, png);
}
