import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Tests pin the zone; colour is decided per test through injected deps, never by the runner's TTY.
    env: { TZ: 'UTC', NO_COLOR: '1' },
    testTimeout: 20_000,
    pool: 'forks',
    reporters: ['default', './test/helpers/summary-reporter.ts'],
  },
});
