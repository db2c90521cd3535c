import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { cpuSecondsOf, serviceCpu, servicePids } from '../../lib/service-cpu.js';

describe('service CPU accounting', () => {
  const saved = process.env.TICKFLOW_RUN_DIR;
  afterEach(() => {
    if (saved === undefined) delete process.env.TICKFLOW_RUN_DIR;
    else process.env.TICKFLOW_RUN_DIR = saved;
  });

  it('reads a live process CPU time from /proc, and NaN for one that is gone', () => {
    const t0 = cpuSecondsOf(process.pid);
    let x = 0;
    for (let i = 0; i < 3e7; i++) x += Math.sqrt(i);
    expect(x).toBeGreaterThan(0);
    expect(cpuSecondsOf(process.pid)).toBeGreaterThan(t0);
    expect(cpuSecondsOf(2 ** 22 + 1)).toBeNaN();
    expect(cpuSecondsOf(undefined)).toBeNaN();
  });

  it("takes the services' pids from the run directory's pid files, only for live processes", () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'svc-cpu-'));
    mkdirSync(path.join(dir, 'influxdb'));
    mkdirSync(path.join(dir, 'kafka'));
    writeFileSync(path.join(dir, 'influxdb/influxd.pid'), `${process.pid}\n`);
    writeFileSync(path.join(dir, 'kafka/kafka.pid'), `${2 ** 22 + 1}\n`); // no such process
    process.env.TICKFLOW_RUN_DIR = dir;
    expect(servicePids()).toEqual({ influxd: process.pid });
    const cpu = serviceCpu();
    expect(cpu.influxd).toBeGreaterThan(0);
    expect(cpu.kafka).toBeNaN();
  });
});
