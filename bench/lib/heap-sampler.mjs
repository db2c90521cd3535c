// Preloaded into a profiled process (`--import`): V8's sampling heap profiler with the objects
// the GC already took included, so the profile is what was allocated, not what is still alive.
// Written on exit; the inspector's in-process session answers synchronously.
import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector';
import path from 'node:path';
import process from 'node:process';

const dir = process.env.TICKFLOW_HEAP_PROF_DIR;
if (dir) {
  const s = new Session();
  s.connect();
  s.post('HeapProfiler.enable');
  s.post('HeapProfiler.startSampling', { samplingInterval: 16384, includeObjectsCollectedByMajorGC: true, includeObjectsCollectedByMinorGC: true });
  process.on('exit', () => {
    s.post('HeapProfiler.stopSampling', (err, r) => {
      if (!err) writeFileSync(path.join(dir, `alloc-${process.pid}.heapprofile`), JSON.stringify(r.profile));
    });
  });
}
