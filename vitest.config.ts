import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const source = (path: string) => fileURLToPath(new URL(path, import.meta.url));

export default defineConfig({
  resolve: {
    // Examples, the README and docs import 'tenure' as users do; tests run them against src.
    alias: [
      { find: /^tenure$/, replacement: source('./src/index.ts') },
      { find: /^tenure\/testing$/, replacement: source('./src/testing/index.ts') },
      { find: /^tenure\/testing\/vitest$/, replacement: source('./src/testing/vitest.ts') },
      { find: /^tenure\/postgres$/, replacement: source('./src/log/postgres/index.ts') },
    ],
  },
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    pool: 'forks',
    testTimeout: 60_000,
    hookTimeout: 240_000,
  },
});
