import type { LoggerService } from '@backstage/backend-plugin-api';
import type { SignalsService } from '@backstage/plugin-signals-node';
import {
  applicationSignalKey,
  ARGO_PULSE_SIGNAL_CHANNEL,
  ArgoPulseSignal,
  entitySignalKey,
} from '@argo-pulse/backstage-plugin-common';
import type { ApplicationKey } from '../database/types';

/**
 * Tells open pages what changed, once it is stored: one signal per written
 * batch of applications (at most a hundred), per expectation change, and per
 * change of an instance's reachability (not per poll). A signal that cannot
 * be sent is logged and dropped: pages also re-read on their own.
 */
export class ChangeSignals {
  /** Whether each instance's last poll failed, to signal changes only. */
  private readonly failing = new Map<string, boolean>();

  constructor(
    private readonly options: {
      signals?: SignalsService;
      logger: LoggerService;
    },
  ) {}

  applicationsChanged(keys: ApplicationKey[]): Promise<void> {
    if (keys.length === 0) return Promise.resolve();
    return this.send({
      applications: [...new Set(keys.map(applicationSignalKey))],
    });
  }

  expectationChanged(expectation: {
    entityRef?: string;
    targets: ApplicationKey[];
  }): Promise<void> {
    return this.send({
      ...(expectation.entityRef
        ? { entities: [entitySignalKey(expectation.entityRef)] }
        : {}),
      applications: expectation.targets.map(applicationSignalKey),
    });
  }

  /** Signals a change of the instance's reachability; answers whether it changed. */
  async instancePolled(
    instance: string,
    options: { failed: boolean },
  ): Promise<boolean> {
    const before = this.failing.get(instance);
    this.failing.set(instance, options.failed);
    // The first poll after a start changes nothing a page shows unless it failed.
    if (before === options.failed || (before === undefined && !options.failed))
      return false;
    await this.send({ instances: [instance] });
    return true;
  }

  private async send(message: ArgoPulseSignal): Promise<void> {
    if (!this.options.signals) return;
    try {
      await this.options.signals.publish({
        recipients: { type: 'broadcast' },
        channel: ARGO_PULSE_SIGNAL_CHANNEL,
        message,
      });
    } catch (error) {
      this.options.logger.debug(
        `Could not send a change signal: ${(error as Error).message}`,
      );
    }
  }
}
