import type { ArgoPulseExpectation } from '@argo-pulse/backstage-plugin-common';
import { EXIT } from './exitCodes';

/** Grace after the deadline before the CLI stops waiting on its own: the server decides first. */
const AFTER_DEADLINE_MS = 120_000;

/** The exit code for a final state. */
export function exitCodeOf(expectation: ArgoPulseExpectation): number {
  if (expectation.state === 'deployed') return EXIT.deployed;
  // The deadline passed: with what was last seen, or while Argo CD could not be read.
  if (
    expectation.state === 'failed' &&
    (expectation.reason === 'timeout' ||
      expectation.reason === 'instance-unreachable')
  )
    return EXIT.timedOut;
  return EXIT.failed;
}

/** The lines that explain a final state: the reason, and where to look in Argo CD. */
export function describeVerdict(expectation: ArgoPulseExpectation): string[] {
  const images = expectation.images.join(', ');
  if (expectation.state === 'pending') {
    return [
      `pending: ${images}`,
      ...(expectation.waitingFor ?? []).map(line => `  waiting for ${line}`),
    ];
  }
  if (expectation.state === 'deployed') {
    return [`deployed: ${images}${durations(expectation)}`];
  }
  return [
    `${expectation.state}${
      expectation.reason ? ` (${expectation.reason})` : ''
    }: ${images}`,
    ...(expectation.message ? [expectation.message] : []),
    ...expectation.applications.map(app => `Argo CD: ${app.argoCdUrl}`),
  ];
}

/**
 * Asks for the expectation until it is final, printing its progress (the
 * state, elapsed time and what is still missing) whenever it changes.
 */
export async function waitForVerdict(options: {
  /** The expectation now; undefined when it could not be read this time (it is asked again). */
  get: () => Promise<ArgoPulseExpectation | undefined>;
  first: ArgoPulseExpectation;
  intervalMs: number;
  print: (line: string) => void;
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
}): Promise<ArgoPulseExpectation> {
  const now = options.now ?? Date.now;
  const sleep =
    options.sleep ?? (ms => new Promise(resolve => setTimeout(resolve, ms)));
  let current = options.first;
  let lastReport = '';
  for (;;) {
    if (current.state !== 'pending') return current;
    const elapsed = Math.round((now() - Date.parse(current.createdAt)) / 1000);
    const report = `pending: ${
      current.waitingFor?.join('; ') || 'waiting for the next poll of Argo CD'
    }`;
    if (report !== lastReport) options.print(`[${elapsed}s] ${report}`);
    lastReport = report;
    if (now() > Date.parse(current.deadline) + AFTER_DEADLINE_MS) {
      return {
        ...current,
        state: 'failed',
        reason: 'timeout',
        message: 'The deadline passed and Argo Pulse gave no verdict',
      };
    }
    await sleep(options.intervalMs);
    current = (await options.get()) ?? current;
  }
}

/**
 * " (23s after the post; Argo CD's sync took 4s)": the time CI waited, and
 * how long the rollout itself took, each measured by one clock.
 */
function durations(expectation: ArgoPulseExpectation): string {
  const parts = [];
  if (expectation.durationSeconds !== undefined)
    parts.push(`${expectation.durationSeconds}s after the post`);
  const syncs = (expectation.deployments ?? []).flatMap(d =>
    d.syncSeconds !== undefined ? [d.syncSeconds] : [],
  );
  if (syncs.length) parts.push(`Argo CD's sync took ${Math.max(...syncs)}s`);
  return parts.length ? ` (${parts.join('; ')})` : '';
}
