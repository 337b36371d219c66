import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    pool: 'forks',
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // Property tests print their seed on failure; keep the default reporter readable in CI logs.
    reporters: process.env.CI ? ['default'] : ['default'],
  },
});
