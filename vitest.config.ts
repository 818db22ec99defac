import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Tests pin the zone; colour is decided per test through injected deps, never by the runner's TTY.
    env: { TZ: 'UTC', NO_COLOR: '1' },
    testTimeout: 20_000,
    pool: 'forks',
    // Most end-to-end tests wait (on timeouts, backoff, servers), not compute: more files at once than
    // cores keeps CI's run short on a 2-core machine (vitest's default is one worker there).
    maxWorkers: 4,
    reporters: ['default', './test/helpers/summary-reporter.ts'],
  },
});
