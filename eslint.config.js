// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const ioModules = ['kafkajs', '@influxdata/*', 'fs', 'node:fs', 'fs/promises', 'node:fs/promises', 'yahoo-finance2', 'pino', 'node:http', 'node:net'];

export default tseslint.config(
  { ignores: ['**/node_modules/**', '**/dist/**', '.tickflow/**', 'bench/out/**', '.stryker-tmp/**', 'reports/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  // Services log through pino and read env only in config.ts.
  {
    files: ['producer/src/**/*.ts', 'processor/src/**/*.ts', 'common/src/**/*.ts', 'contracts/src/**/*.ts'],
    rules: {
      'no-console': 'error',
      'no-restricted-properties': ['error', { object: 'process', property: 'env', message: 'Read env only in config.ts.' }],
    },
  },
  // config.ts reads the settings and hands the CLI its env fallbacks.
  { files: ['**/src/config.ts'], rules: { 'no-restricted-properties': 'off' } },
  // The pure core: no IO, no clock. Time comes in as data (event or record timestamps).
  {
    files: ['**/src/**/core/**/*.ts', 'contracts/src/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ioModules, message: 'core/ is pure: do IO in sources/ or sinks/.' },
            { group: ['@tickflow/common', '@tickflow/common/*'], message: 'core/ is pure: import contracts from @tickflow/contracts; runtime helpers belong in sources/ or sinks/.' },
          ],
        },
      ],
      'no-restricted-syntax': [
        'error',
        { selector: "CallExpression[callee.object.name='Date'][callee.property.name='now']", message: 'core/ reads no clock: pass time in.' },
        { selector: "NewExpression[callee.name='Date'][arguments.length=0]", message: 'core/ reads no clock: pass time in.' },
      ],
    },
  },
);
