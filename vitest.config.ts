import { defineConfig } from 'vitest/config';

// Two projects in one `npm test`: fast pure unit tests, and integration tests against real
// Kafka and InfluxDB (started by the global setup unless KAFKA_BROKERS/INFLUX_URL are given).
// Grafana's frontend packages (the dashboard checks run them) import CommonJS by named export
// (moment-timezone) and CSS files: Vite transforms them instead of Node loading them.
const GRAFANA_PACKAGES = [/@grafana\/(?!grafana-foundation-sdk)/];

export default defineConfig({
  test: {
    reporters: ['default', './test/summary-reporter.ts'],
    projects: [
      {
        test: {
          name: 'unit',
          setupFiles: ['test/setup/has-assertions.ts'],
          server: { deps: { inline: GRAFANA_PACKAGES } },
          include: ['**/test/unit/**/*.test.ts'],
          exclude: ['**/node_modules/**', '.stryker-tmp/**'],
        },
      },
      {
        test: {
          name: 'integration',
          setupFiles: ['test/setup/has-assertions.ts'],
          server: { deps: { inline: GRAFANA_PACKAGES } },
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
