import PQueue from 'p-queue';

/**
 * Overview reads go ahead of detail reads waiting for the same slots; what a
 * user asked for from Backstage (a refresh, a sync, a rollback) goes ahead of both,
 * so a busy poll never starves it.
 */
export type RequestPriority = 'user' | 'overview' | 'detail';

const PRIORITY: Record<RequestPriority, number> = {
  user: 2,
  overview: 1,
  detail: 0,
};

/** Whole-application lists handled at once by default, across all instances. */
export const WHOLE_LISTS_IN_FLIGHT = 4;

/**
 * Bounds the requests in flight to Argo CD: at most `perInstance` to one
 * instance, and at most `total` across all instances of this backend. A
 * request waits for a slot of its instance, then for a global one; within
 * each, user actions are served first, then overview requests, then detail
 * requests. A request whose
 * signal is aborted while it waits never starts.
 */
export class RequestLimiter {
  private readonly global: PQueue;
  private readonly wholeLists: PQueue;
  private readonly instances = new Map<string, PQueue>();

  constructor(
    private readonly limits: {
      perInstance: number;
      total: number;
      wholeLists?: number;
    },
  ) {
    this.global = new PQueue({ concurrency: limits.total });
    this.wholeLists = new PQueue({
      concurrency: limits.wholeLists ?? WHOLE_LISTS_IN_FLIGHT,
    });
  }

  /**
   * Runs work that reads and handles a whole-application list (an entire
   * instance in memory while it is parsed and written), at most
   * `wholeLists` at a time across instances, which bounds the memory of a
   * first poll of many large instances. Its requests still take normal slots.
   */
  withWholeList<T>(work: () => Promise<T>): Promise<T> {
    return this.wholeLists.add(work) as Promise<T>;
  }

  run<T>(
    instance: string,
    priority: RequestPriority,
    signal: AbortSignal | undefined,
    work: () => Promise<T>,
  ): Promise<T> {
    const options = { priority: PRIORITY[priority] };
    const guarded = () => {
      signal?.throwIfAborted();
      return work();
    };
    return this.queueOf(instance).add(
      () => this.global.add(guarded, options),
      options,
    ) as Promise<T>;
  }

  /** Requests to all instances in flight right now. */
  get inFlightTotal(): number {
    return this.global.pending;
  }

  /** Requests of one instance in flight right now. */
  inFlight(instance: string): number {
    return this.instances.get(instance)?.pending ?? 0;
  }

  private queueOf(instance: string): PQueue {
    let queue = this.instances.get(instance);
    if (!queue) {
      queue = new PQueue({ concurrency: this.limits.perInstance });
      this.instances.set(instance, queue);
    }
    return queue;
  }
}
