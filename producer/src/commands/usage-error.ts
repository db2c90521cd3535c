// The one the shared CLI parser (common/src/cli.ts) reports as a usage error (exit 2).
export { UsageError } from '@tickflow/common';
