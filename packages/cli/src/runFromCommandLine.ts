import { run } from './main';

/** Runs this process's command line with the real streams, and sets its exit code. */
export async function runFromCommandLine(): Promise<void> {
  const io = {
    out: (line: string) => console.log(line),
    err: (line: string) => console.error(line),
  };
  process.exitCode = await run(process.argv.slice(2), process.env, io);
}
