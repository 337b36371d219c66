import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { isAbsolute } from 'node:path';

let cached: string | undefined;

/**
 * The minified ECharts build (`echarts/dist/echarts.min.js`) from the installed package, read
 * once: the report inlines it so that it opens without a network.
 */
export function readEchartsScript(): string {
  if (cached === undefined) {
    // The CommonJS build has __filename and no import.meta.url; the ES module build the reverse.
    const here =
      typeof __filename === 'string' && isAbsolute(__filename) ? __filename : import.meta.url;
    const require = createRequire(here);
    cached = readFileSync(require.resolve('echarts/dist/echarts.min.js'), 'utf8');
  }
  return cached;
}
