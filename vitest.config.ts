import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    // End-to-end tests start the real client and emulator; generous limits keep a loaded 2-core CI machine green.
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
  },
});
