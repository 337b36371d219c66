import { defineConfig } from 'tsup';

export default defineConfig([
  {
    // ESM: the three entries share their chunks (one copy of each class for ESM users).
    entry: {
      index: 'src/index.ts',
      'testing/index': 'src/testing/index.ts',
      'postgres/index': 'src/log/postgres/index.ts',
    },
    format: ['esm'],
    dts: true,
    sourcemap: true,
    clean: true,
    target: 'node20',
    splitting: true,
    treeshake: true,
  },
  {
    // CommonJS, without `tenure/testing`: it imports vitest, which throws when required from
    // CommonJS. `require('tenure/testing')` loads the ESM build instead (require(esm), Node >= 20.19).
    entry: {
      index: 'src/index.ts',
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
