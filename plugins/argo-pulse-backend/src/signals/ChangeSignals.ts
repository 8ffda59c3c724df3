import type { LoggerService } from '@backstage/backend-plugin-api';
import type { SignalsService } from '@backstage/plugin-signals-node';
import {
  ARGO_PULSE_PORTAL_SIGNAL_REF,
  ARGO_PULSE_SIGNAL_CHANNEL,
  entitySignalKey,
} from '@argo-pulse/backstage-plugin-common';
import type { ApplicationKey } from '../database/types';
import type { ReadersByEntity, SignalWatchers } from './SignalWatchers';

/**
 * Tells open pages what changed, once it is stored: per written batch of
 * applications (at most a hundred), per expectation change, and per change
 * of an instance's reachability (not per poll). A signal names entities
 * only, and goes only to the users who recently read them (`SignalWatchers`),
 * never broadcast: a socket that is not signed in, or a user who never read
 * an entity, learns nothing of it. A signal that cannot be sent is logged
 * and dropped: live pages also re-read now and then.
 *
 * Readers of the portal-wide pages are signalled any change, at most once
 * per `portalIntervalMs` (a second): their pages show every entity they may
 * see. Their signal names no entity, only `ARGO_PULSE_PORTAL_SIGNAL_REF`.
 */
export class ChangeSignals {
  /** Whether each instance's last poll failed, to signal changes only. */
  private readonly failing = new Map<string, boolean>();
  /** The portal signal waiting to go out, and when the last one went. */
  private portalTimer?: ReturnType<typeof setTimeout>;
  private portalSentAt = -Infinity;

  constructor(
    private readonly options: {
      signals?: SignalsService;
      watchers: SignalWatchers;
      logger: LoggerService;
      portalIntervalMs?: number;
    },
  ) {}

  applicationsChanged(keys: ApplicationKey[]): Promise<void> {
    if (keys.length === 0) return Promise.resolve();
    this.portalChanged();
    return this.sendToReaders(() =>
      this.options.watchers.forApplications(keys),
    );
  }

  expectationChanged(expectation: {
    entityRef?: string;
    targets: ApplicationKey[];
  }): Promise<void> {
    const { watchers } = this.options;
    this.portalChanged();
    return this.sendToReaders(async () =>
      merge(
        await watchers.forApplications(expectation.targets),
        expectation.entityRef
          ? await watchers.forEntities([expectation.entityRef])
          : new Map(),
      ),
    );
  }

  /**
   * Signals a change of the instance's reachability; answers whether it may
   * have changed. The first poll after a start may have: the instance could
   * have been down when the last process stopped, and what pages and pending
   * expectations say of it must not wait for the next change.
   */
  async instancePolled(
    instance: string,
    options: { failed: boolean },
  ): Promise<boolean> {
    const before = this.failing.get(instance);
    this.failing.set(instance, options.failed);
    if (before === options.failed) return false;
    this.portalChanged();
    await this.sendToReaders(() => this.options.watchers.forInstance(instance));
    return true;
  }

  /** The entity index changed: the portal's pages list other entities now. */
  entityIndexChanged(): void {
    this.portalChanged();
  }

  /** Stops a portal signal that has not gone out yet (the plugin is stopping). */
  stop(): void {
    clearTimeout(this.portalTimer);
    this.portalTimer = undefined;
  }

  /** Signals the portal's readers once the interval since the last portal signal has passed. */
  private portalChanged(): void {
    if (this.portalTimer || !this.options.signals) return;
    const interval = this.options.portalIntervalMs ?? 1000;
    const wait = Math.max(0, this.portalSentAt + interval - Date.now());
    this.portalTimer = setTimeout(() => {
      this.portalTimer = undefined;
      this.portalSentAt = Date.now();
      void this.sendToReaders(() =>
        this.options.watchers.forEntities([ARGO_PULSE_PORTAL_SIGNAL_REF]),
      );
    }, wait);
  }

  /** One signal per group of readers, naming the entities they all read. */
  private async sendToReaders(
    readers: () => Promise<ReadersByEntity>,
  ): Promise<void> {
    const { signals, logger } = this.options;
    if (!signals) return;
    try {
      const groups = new Map<string, { users: string[]; entities: string[] }>();
      for (const [entityRef, users] of await readers()) {
        const sorted = [...users].sort();
        const key = sorted.join('\n');
        const group = groups.get(key) ?? { users: sorted, entities: [] };
        group.entities.push(entitySignalKey(entityRef));
        groups.set(key, group);
      }
      for (const { users, entities } of groups.values()) {
        await signals.publish({
          recipients: { type: 'user', entityRef: users },
          channel: ARGO_PULSE_SIGNAL_CHANNEL,
          message: { entities },
        });
      }
    } catch (error) {
      logger.debug(
        `Could not send a change signal: ${(error as Error).message}`,
      );
    }
  }
}

function merge(a: ReadersByEntity, b: ReadersByEntity): ReadersByEntity {
  const result = new Map(a);
  for (const [entity, users] of b)
    result.set(entity, [...new Set([...(result.get(entity) ?? []), ...users])]);
  return result;
}
