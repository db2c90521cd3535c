import type { Command } from './command.js';
import { backfillCommand } from '../yahoo/backfill.js';
import { replayCommand } from '../replay/replay.js';
import { salesReplayCommand } from '../replay/sales-replay.js';
import { salesCommand } from '../sim/sales.js';
import { simCommand } from '../sim/sim.js';
import { yahooCommand } from '../yahoo/yahoo.js';

/** Every producer command; adding one is a file plus a line here. */
export const COMMANDS: readonly Command[] = [simCommand, salesCommand, replayCommand, salesReplayCommand, yahooCommand, backfillCommand];
