import { existsSync, readFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { runDir } from './services.js';

const CLK_TCK = Number(spawnSync('getconf', ['CLK_TCK']).stdout?.toString().trim()) || 100;

/** CPU time (user + system) a process has used so far, s, from /proc; NaN if it is gone. */
export function cpuSecondsOf(pid: number | undefined): number {
  if (pid === undefined) return NaN;
  try {
    // Fields after the ")" of comm: state is [0], utime [11], stime [12], in clock ticks.
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(f[11]) + Number(f[12])) / CLK_TCK;
  } catch {
    return NaN;
  }
}

function pidFrom(file: string): number | undefined {
  if (!existsSync(file)) return undefined;
  const pid = Number(readFileSync(file, 'utf8').trim());
  return Number.isInteger(pid) && existsSync(`/proc/${pid}`) ? pid : undefined;
}

/**
 * The native services' pids (scripts/services.sh's pid files). Undefined when the bench runs
 * against services it did not start (their CPU cannot be read from here).
 */
export const servicePids = (): { influxd?: number; kafka?: number } => {
  const influxd = pidFrom(path.join(runDir(), 'influxdb/influxd.pid'));
  const kafka = pidFrom(path.join(runDir(), 'kafka/kafka.pid'));
  return { ...(influxd ? { influxd } : {}), ...(kafka ? { kafka } : {}) };
};

export interface ServiceCpu {
  influxd: number;
  kafka: number;
}

/** CPU seconds used so far by InfluxDB and Kafka (NaN for one that is not ours). */
export function serviceCpu(): ServiceCpu {
  const p = servicePids();
  return { influxd: cpuSecondsOf(p.influxd), kafka: cpuSecondsOf(p.kafka) };
}
