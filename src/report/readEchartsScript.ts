import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

let cached: string | undefined;

/**
 * The minified ECharts build (`echarts/dist/echarts.min.js`) from the installed package, read
 * once: the report inlines it so that it opens without a network.
 */
export function readEchartsScript(): string {
  if (cached === undefined) {
    const require = createRequire(import.meta.url);
    cached = readFileSync(require.resolve('echarts/dist/echarts.min.js'), 'utf8');
  }
  return cached;
}
