import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, isAbsolute, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { TenureError } from '../errors/TenureError.js';

/**
 * Where the build puts ECharts' minified build, relative to the bundled module that reads it:
 * the library's bundles are in `dist/`, the bin's in `dist/cli/`, the copy in `dist/vendor/`
 * (see `tsup.config.ts`). echarts is a development dependency only: users install 1 MB, not
 * its 62 MB package.
 */
const VENDORED = ['vendor/echarts/echarts.min.js', '../vendor/echarts/echarts.min.js'];

let cached: string | undefined;

/**
 * The minified ECharts build, read once: the report inlines it so that it opens without a
 * network. From the package's `dist/vendor/echarts/` (with ECharts' licence and notice), or,
 * run from the sources (tests, examples), from the echarts development dependency.
 *
 * @throws TenureError (`TENURE_REPORT_ASSET_MISSING`) when neither is there: the install is broken.
 */
export function readEchartsScript(): string {
  cached ??= readFileSync(echartsScriptPath(), 'utf8');
  return cached;
}

function echartsScriptPath(): string {
  // The CommonJS build has __filename and no import.meta.url; the ES module build the reverse.
  const here =
    typeof __filename === 'string' && isAbsolute(__filename)
      ? __filename
      : fileURLToPath(import.meta.url);
  for (const relative of VENDORED) {
    const path = join(dirname(here), relative);
    if (existsSync(path)) return path;
  }
  try {
    return createRequire(here).resolve('echarts/dist/echarts.min.js');
  } catch {
    throw new TenureError(
      'TENURE_REPORT_ASSET_MISSING',
      `The HTML report inlines ECharts, but tenure's copy (dist/${VENDORED[0]}) is missing next to ${here}; reinstall tenure (npm install tenure), or run npm run build in a checkout.`,
    );
  }
}
