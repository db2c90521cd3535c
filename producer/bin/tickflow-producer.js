#!/usr/bin/env node
/* global process */
// The `tickflow-producer` command: checks the Node version first, then runs the TypeScript
// entry through tsx. Plain JS that any Node parses: an older Node would otherwise die on
// `zstdCompress` (node:zlib, Node >= 22.15) while loading, before saying what it needs.
const NEEDED = [22, 15];
const [major, minor] = process.versions.node.split('.').map(Number);
if (major < NEEDED[0] || (major === NEEDED[0] && minor < NEEDED[1])) {
  process.stderr.write(`tickflow-producer: needs Node.js ${NEEDED.join('.')} or newer (zstd in node:zlib); this is Node.js ${process.versions.node}\n`);
  process.exit(1);
}
const { register } = await import('tsx/esm/api');
register();
await import('../src/main.ts');
