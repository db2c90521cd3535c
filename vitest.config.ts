import { defineConfig } from 'vitest/config';

// Two projects in one `npm test`: fast pure unit tests, and integration tests against real
// Kafka and InfluxDB (started by the global setup unless KAFKA_BROKERS/INFLUX_URL are given).
export default defineConfig({
  test: {
    reporters: ['default', './test/summary-reporter.ts'],
    projects: [
      {
        test: {
          name: 'unit',
          setupFiles: ['test/setup/has-assertions.ts'],
          // @grafana/* ESM imports CommonJS packages by named export (moment-timezone): let Vite interop.
          server: { deps: { inline: [/@grafana\/(data|scenes|ui|runtime|schema|i18n|e2e-selectors)\//] } },
          include: ['**/test/unit/**/*.test.ts'],
          exclude: ['**/node_modules/**', '.stryker-tmp/**'],
        },
      },
      {
        test: {
          name: 'integration',
          setupFiles: ['test/setup/has-assertions.ts'],
          include: ['test/integration/**/*.test.ts', '**/test/integration/**/*.test.ts'],
          exclude: ['**/node_modules/**', '.stryker-tmp/**'],
          globalSetup: ['test/global-setup.ts'],
          fileParallelism: false,
          testTimeout: 180_000,
          hookTimeout: 600_000,
        },
      },
    ],
  },
});
