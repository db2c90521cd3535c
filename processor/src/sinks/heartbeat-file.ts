// Moved to @tickflow/common: the archiver reports liveness the same way.
export { startHeartbeatFile } from '@tickflow/common';
