import { runService, startService, type RunningService } from '../../../test/support/processes.js';

/** Starts the archiver as a user would (its main.ts), with the given env on top of the services'. */
export function startArchiver(env: Record<string, string>): RunningService {
  return startService('archiver/src/main.ts', env);
}

/** Runs `report` to completion. */
export async function runReport(args: string[], env: Record<string, string>): Promise<{ code: number | null; output: string }> {
  const r = await runService('archiver/src/main.ts', ['report', ...args], env);
  return { code: r.code, output: r.stdout + r.stderr };
}
