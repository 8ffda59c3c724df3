// One row of a benchmark's latency table, measured.
import { percentile } from './detection';

/** What `timed` measured: what the last run read, and the latency percentiles in ms. */
export interface Timed<T> {
  last: T;
  p50: number;
  p95: number;
  p99: number;
  max: number;
}

/** Runs `read` `runs` times, one after the other, and answers what the last run read and the percentiles. */
export async function timed<T>(
  runs: number,
  read: () => Promise<T>,
): Promise<Timed<T>> {
  const times: number[] = [];
  let last: T | undefined;
  for (let run = 0; run < runs; run++) {
    const started = performance.now();
    last = await read();
    times.push(performance.now() - started);
  }
  return {
    last: last as T,
    p50: percentile(times, 50),
    p95: percentile(times, 95),
    p99: percentile(times, 99),
    max: Math.max(...times),
  };
}

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
  const { last: items, p50, p99 } = await timed(options.runs, read);
  return `| ${kind} | ${name} | ${items} | ${p50.toFixed(1)} ms | ${p99.toFixed(
    1,
  )} ms | ${p99 < options.targetMs ? 'met' : 'MISSED'} |`;
}
