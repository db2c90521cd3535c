import type { Command } from './command.js';
import { backfillCommand } from './backfill.js';
import { replayCommand } from './replay.js';
import { salesReplayCommand } from './sales-replay.js';
import { salesCommand } from './sales.js';
import { simCommand } from './sim.js';
import { yahooCommand } from './yahoo.js';

/** Every producer command; adding one is a file plus a line here. */
export const COMMANDS: readonly Command[] = [simCommand, salesCommand, replayCommand, salesReplayCommand, yahooCommand, backfillCommand];
