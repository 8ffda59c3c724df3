// One row of a benchmark's latency table, measured.
import { percentile } from './detection';

/**
 * Runs `read` `runs` times and answers a table row: the database kind, the case's name, how many
 * items the last run read (what `read` answers), p50 and p99, and whether p99 met `targetMs`.
 */
export async function timedRow(
  kind: string,
  name: string,
  options: { runs: number; targetMs: number },
  read: () => Promise<number>,
): Promise<string> {
  const times: number[] = [];
  let items = 0;
  for (let run = 0; run < options.runs; run++) {
    const started = performance.now();
    items = await read();
    times.push(performance.now() - started);
  }
  const p50 = percentile(times, 50);
  const p99 = percentile(times, 99);
  return `| ${kind} | ${name} | ${items} | ${p50.toFixed(1)} ms | ${p99.toFixed(
    1,
  )} ms | ${p99 < options.targetMs ? 'met' : 'MISSED'} |`;
}
