import type { ArgoCdApplication } from '@argo-pulse/backstage-plugin-common';
import type { ArgoPulseStore } from '../database/ArgoPulseStore';
import { chunks } from '../database/chunks';
import type { ApplicationKey } from '../database/types';
import { toDeployments, toSnapshot } from './readApplication';

/** Applications per transaction: small enough that a slow instance shows progress early, large enough to be cheap. */
export const OVERVIEW_BATCH = 100;

/** A whole application and the list fingerprint it is stored under. */
export interface ReadApplication {
  app: ArgoCdApplication;
  fingerprint: string;
}

/**
 * Writes one poll's overview in batches, each in its own transaction, so
 * what was read before the poll's deadline stays stored. Never starts a
 * write after the deadline, and never cuts one short.
 */
export class OverviewWriter {
  /** Every application this poll stored, in order. */
  readonly written: ApplicationKey[] = [];

  constructor(
    private readonly options: {
      instance: string;
      store: ArgoPulseStore;
      now: () => string;
      batchSize?: number;
      /** After each write, with the applications it stored or removed. */
      onWritten?: (keys: ApplicationKey[]) => Promise<void>;
    },
  ) {}

  private get batchSize(): number {
    return this.options.batchSize ?? OVERVIEW_BATCH;
  }

  /** Marks applications that disappeared from Argo CD. */
  async remove(keys: ApplicationKey[]): Promise<void> {
    if (keys.length === 0) return;
    await this.options.store.markRemoved(keys, this.options.now());
    await this.options.onWritten?.(keys);
  }

  /** Writes applications already read (a full list). */
  async writeAll(items: ReadApplication[], signal: AbortSignal): Promise<void> {
    for (const batch of chunks(items, this.batchSize)) {
      signal.throwIfAborted();
      await this.write(batch);
    }
  }

  /**
   * Runs the reads (the request limiter bounds how many are in flight) and
   * writes each batch as it arrives, reading the next batch meanwhile. A read
   * that answers undefined (the application vanished) is skipped.
   */
  async writeAsRead(
    reads: Array<() => Promise<ReadApplication | undefined>>,
    signal: AbortSignal,
  ): Promise<void> {
    const batches = chunks(reads, this.batchSize);
    const start = (batch: typeof reads) => {
      const reading = Promise.all(batch.map(read => read()));
      reading.catch(() => {}); // awaited below; if the poll is abandoned first, its failure is expected
      return reading;
    };
    let next = batches.length ? start(batches[0]) : undefined;
    for (let i = 0; next; i++) {
      const current = next;
      next = i + 1 < batches.length ? start(batches[i + 1]) : undefined;
      // If this throws, the batch read meanwhile is abandoned with the poll: the same signal cancels its requests.
      const read = (await current).filter(
        (r): r is ReadApplication => r !== undefined,
      );
      signal.throwIfAborted();
      await this.write(read);
    }
  }

  private async write(batch: ReadApplication[]): Promise<void> {
    if (batch.length === 0) return;
    const { instance, store, now } = this.options;
    const observedAt = now();
    await store.writeOverviewBatch({
      instance,
      applications: batch.map(({ app, fingerprint }) => ({
        snapshot: toSnapshot(instance, app),
        fingerprint,
        observedAt,
      })),
      deployments: batch.flatMap(({ app }) => toDeployments(instance, app)),
    });
    const keys = batch.map(({ app }) => ({
      instance,
      namespace: app.metadata?.namespace ?? '',
      name: app.metadata?.name ?? '',
    }));
    this.written.push(...keys);
    await this.options.onWritten?.(keys);
  }
}
