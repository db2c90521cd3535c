/** Bundles the preview page (page/index.ts) for the browser with esbuild: one script, one stylesheet. */
import { build, type Plugin } from 'esbuild';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
/**
 * Scenes' @grafana/plugin-compat imports names that @grafana/runtime 13.2.3 does not export and
 * checks for them at run time; ESM import checking makes that a build error, so runtime is taken
 * as CommonJS, whose imports esbuild resolves at run time as Node would.
 */
const runtimeAsCommonJs: Plugin = {
  name: 'grafana-runtime-cjs',
  setup(b) {
    b.onResolve({ filter: /^@grafana\/runtime(\/unstable)?$/ }, (args) => ({ path: require.resolve(args.path) }));
  },
};

export interface PageBundle {
  js: string;
  css: string;
}

export async function bundlePage(): Promise<PageBundle> {
  const result = await build({
    entryPoints: [fileURLToPath(new URL('./page/index.ts', import.meta.url))],
    bundle: true,
    write: false,
    outdir: 'out',
    platform: 'browser',
    format: 'iife',
    target: 'chrome120',
    minify: process.env.TICKFLOW_PREVIEW_DEBUG !== '1',
    define: { 'process.env.NODE_ENV': '"production"', global: 'globalThis' },
    loader: { '.svg': 'dataurl', '.png': 'dataurl', '.woff': 'dataurl', '.woff2': 'dataurl', '.ttf': 'dataurl' },
    plugins: [runtimeAsCommonJs],
    logLevel: 'error',
  });
  const text = (ext: string) => result.outputFiles.filter((f) => f.path.endsWith(ext)).map((f) => f.text).join('\n');
  return { js: text('.js'), css: text('.css') };
}
