import { copyFile, mkdir } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { defineConfig } from 'tsup';

const require = createRequire(import.meta.url);

/**
 * The report inlines ECharts' minified build: the build copies it, with ECharts' licence, notice
 * and the licences of what it bundles, to dist/vendor/echarts/ (see src/report/readEchartsScript.ts),
 * so that echarts (62 MB installed) is a development dependency only.
 */
async function vendorEcharts(): Promise<void> {
  const echarts = dirname(require.resolve('echarts/package.json'));
  const zrender = dirname(require.resolve('zrender/package.json', { paths: [echarts] }));
  const target = join('dist', 'vendor', 'echarts');
  await mkdir(target, { recursive: true });
  const files: [from: string, to: string][] = [
    [join(echarts, 'dist', 'echarts.min.js'), 'echarts.min.js'],
    [join(echarts, 'LICENSE'), 'LICENSE'],
    [join(echarts, 'NOTICE'), 'NOTICE'],
    [join(echarts, 'licenses', 'LICENSE-d3'), 'LICENSE-d3'],
    [join(zrender, 'LICENSE'), 'LICENSE-zrender'],
  ];
  await Promise.all(files.map(([from, to]) => copyFile(from, join(target, to))));
}

export default defineConfig([
  {
    // ESM: the entries share their chunks (one copy of each class for ESM users).
    entry: {
      index: 'src/index.ts',
      'testing/index': 'src/testing/index.ts',
      'testing/vitest': 'src/testing/vitest.ts',
      'postgres/index': 'src/log/postgres/index.ts',
    },
    format: ['esm'],
    dts: true,
    sourcemap: true,
    clean: true,
    target: 'node20',
    splitting: true,
    treeshake: true,
    onSuccess: vendorEcharts,
  },
  {
    // CommonJS, without `tenure/testing/vitest`: it imports vitest, which throws when required
    // from CommonJS. `require('tenure/testing/vitest')` loads the ESM build instead (require(esm),
    // Node >= 20.19).
    entry: {
      index: 'src/index.ts',
      'testing/index': 'src/testing/index.ts',
      'postgres/index': 'src/log/postgres/index.ts',
    },
    format: ['cjs'],
    dts: true,
    sourcemap: true,
    clean: false,
    target: 'node20',
    splitting: true,
    treeshake: true,
  },
  {
    // The `tenure` bin: ESM only (it reads its version through import.meta.url). Split, so that
    // modules it loads lazily (the PostgreSQL workers, which need the optional peer `pg`) stay
    // in chunks of their own instead of being hoisted into the entry.
    entry: { 'cli/main': 'src/cli/main.ts' },
    outDir: 'dist',
    format: ['esm'],
    dts: false,
    sourcemap: true,
    clean: false,
    target: 'node20',
    splitting: true,
  },
]);
