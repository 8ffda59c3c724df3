import { randomUUID } from 'node:crypto';
import { parseCommand, USAGE } from './args';
import { ArgoPulseHttp } from './ArgoPulseHttp';
import { CliError, EXIT } from './exitCodes';
import { describeList, targetsNotice } from './describe';
import { describeVerdict, exitCodeOf, waitForVerdict } from './waitForVerdict';

/** Where the CLI writes; the real streams, or a test's buffers. */
export interface Io {
  out: (line: string) => void;
  err: (line: string) => void;
}

/** Runs one command line; answers the exit code. */
export async function run(
  argv: string[],
  env: NodeJS.ProcessEnv,
  io: Io,
  options: { sleep?: (ms: number) => Promise<void> } = {},
): Promise<number> {
  try {
    const command = parseCommand(argv, env);
    if (command.kind === 'help') {
      io.out(USAGE);
      return EXIT.deployed;
    }
    const http = new ArgoPulseHttp(command.connection, {
      sleep: options.sleep,
      onRetry: io.err,
    });
    if (command.kind === 'cancel') {
      const cancelled = await http.cancelExpectation(command.id);
      describeVerdict(cancelled).forEach(line => io.out(line));
      return EXIT.deployed;
    }
    if (command.kind === 'list') {
      const page = await http.listExpectations(command.entity, {
        states: command.states,
        limit: command.limit,
      });
      describeList(page).forEach(line => io.out(line));
      return EXIT.deployed;
    }
    const first =
      command.kind === 'expect'
        ? await http
            .createExpectation(
              command.body,
              command.idempotencyKey ?? randomUUID(),
            )
            .then(created => {
              io.out(
                `expectation ${created.id} accepted: ${created.statusUrl}`,
              );
              const notice = targetsNotice(command.body, created.expectation);
              if (notice) io.out(notice);
              return created.expectation;
            })
        : await http.getExpectation(command.id);
    if (!command.wait) {
      if (command.kind === 'expect') return EXIT.deployed;
      describeVerdict(first).forEach(line => io.out(line));
      return first.state === 'pending' ? EXIT.pending : exitCodeOf(first);
    }
    // Waiting can take many minutes: an outage of Backstage meanwhile (a restart, a deploy)
    // is waited out, up to the deadline; a refusal still ends it.
    const get = () =>
      http.getExpectation(first.id).catch(error => {
        if (!(error instanceof CliError && error.transient)) throw error;
        io.err(`${error.message}; still waiting`);
        return undefined;
      });
    const verdict = await waitForVerdict({
      first,
      get,
      intervalMs: command.intervalMs,
      print: io.out,
      sleep: options.sleep,
    });
    describeVerdict(verdict).forEach(line =>
      (verdict.state === 'deployed' ? io.out : io.err)(line),
    );
    return exitCodeOf(verdict);
  } catch (error) {
    if (error instanceof CliError) {
      io.err(`argo-pulse: ${error.message}`);
      return error.exitCode;
    }
    io.err(`argo-pulse: ${(error as Error).message}`);
    return EXIT.unreachable;
  }
}
