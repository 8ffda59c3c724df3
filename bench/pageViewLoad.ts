// The page-view load of the benchmarks: an open loop that sends on schedule without waiting for
// answers, so a slow backend shows as latency, not as a lower rate (bench/realBackend.ts).

/** Offers `rate` requests a second for `seconds`, without waiting for answers; answers each latency in ms. */
export async function offer(
  url: string,
  headers: Record<string, string>,
  rate: number,
  seconds: number,
): Promise<{
  latencies: number[];
  failures: number;
  /** Failures by HTTP status, or by the error's message when no answer came. */
  failuresBy: Record<string, number>;
}> {
  const latencies: number[] = [];
  let failures = 0;
  const failuresBy: Record<string, number> = {};
  const fail = (why: string) => {
    failures++;
    failuresBy[why] = (failuresBy[why] ?? 0) + 1;
  };
  const inFlight: Array<Promise<void>> = [];
  const started = performance.now();
  for (let i = 0; i < rate * seconds; i++) {
    const due = started + (i * 1000) / rate;
    const wait = due - performance.now();
    if (wait > 0) await new Promise(r => setTimeout(r, wait));
    const sent = performance.now();
    inFlight.push(
      fetch(url, { headers })
        .then(async response => {
          await response.arrayBuffer();
          if (response.ok) latencies.push(performance.now() - sent);
          else fail(`HTTP ${response.status}`);
        })
        .catch((error: Error) =>
          fail(
            String(
              (error.cause as Error | undefined)?.message ?? error.message,
            ),
          ),
        ),
    );
  }
  await Promise.all(inFlight);
  return { latencies, failures, failuresBy };
}
