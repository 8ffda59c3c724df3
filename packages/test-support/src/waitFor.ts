import { createServer } from 'node:net';

/**
 * A port that was free a moment ago. Only for a separate Backstage process,
 * which must know its own base URL before it listens (its plugins reach each
 * other through it); servers in the test's own process listen on 0.
 */
export async function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolvePort(port));
    });
    server.on('error', reject);
  });
}

/** Polls `check` every half second until it answers true; a throw counts as not yet. */
export async function waitFor(
  what: string,
  check: () => Promise<boolean>,
  timeoutMs: number,
): Promise<void> {
  const started = Date.now();
  while (Date.now() - started < timeoutMs) {
    if (await check().catch(() => false)) return;
    await new Promise(r => setTimeout(r, 500));
  }
  throw new Error(`${what} did not happen within ${timeoutMs / 1000}s`);
}

/**
 * Waits until `check` stops throwing (its assertions hold), for what a timer does; answers its value.
 * It returns as soon as the check holds, so the generous default only matters on a loaded machine.
 */
export async function eventually<T>(
  check: () => Promise<T>,
  timeoutMs = 15_000,
): Promise<T> {
  const started = Date.now();
  for (;;) {
    try {
      return await check();
    } catch (error) {
      if (Date.now() - started > timeoutMs) throw error;
      await new Promise(resolve => setTimeout(resolve, 50));
    }
  }
}
