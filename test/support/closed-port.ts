import { createServer } from 'node:net';

/** A loopback port with nothing listening: bound, then closed (a Kafka that is not there). */
export async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as { port: number };
  await new Promise((r) => server.close(r));
  return port;
}
