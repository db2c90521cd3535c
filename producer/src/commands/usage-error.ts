/** A bad command line or flag value: main.ts prints the message and exits 2. */
export class UsageError extends Error {}
