import type { LoggerService } from '@backstage/backend-plugin-api';
import type { EventsService } from '@backstage/plugin-events-node';
import type {
  ArgoPulseDeployment,
  ArgoPulseDeploymentEvent,
} from '@argo-pulse/backstage-plugin-common';
import type { Knex } from 'knex';
import { chunks } from '../database/chunks';
import { deploymentFromRow } from '../database/deploymentRows';
import type { ApplicationKey, DeploymentRecord } from '../database/types';

/**
 * The events topic on which the backend publishes each deployment whose
 * application turned degraded after its sync, once per deployment, with an
 * `ArgoPulseDeploymentEvent` as the payload.
 *
 * @public
 */
export const DEPLOYMENT_EVENT_TOPIC = 'argo-pulse.deployment';

/** Only deployments this recent are announced: a row settled long after its sync (an upgrade's backlog) is history, not news. */
const RECENT_MS = 2 * 60 * 60_000;

/**
 * Publishes deployments that turned degraded, each once across replicas:
 * the replica whose update claims the row (`announced_at` was empty) is the
 * one that publishes it. Called with the applications whose deployments were
 * just settled (after a poll's batch, or by the settling task).
 */
export class DegradedAnnouncer {
  constructor(
    private readonly options: {
      db: Knex;
      events?: EventsService;
      logger: LoggerService;
      /** The deployment as the routes answer it, Argo CD's words included (events go to backend modules). */
      present: (deployment: DeploymentRecord) => ArgoPulseDeployment;
      now?: () => Date;
    },
  ) {}

  async announce(keys: ApplicationKey[]): Promise<number> {
    const { db, events } = this.options;
    if (!events || keys.length === 0) return 0;
    const now = this.options.now?.() ?? new Date();
    let announced = 0;
    for (const batch of chunks(keys)) {
      const claimed: Array<Record<string, any>> = await db(
        'argo_pulse_deployments',
      )
        .whereIn(
          ['instance', 'namespace', 'application'],
          batch.map(k => [k.instance, k.namespace, k.name]),
        )
        .where('result', 'degraded')
        .whereNull('announced_at')
        .where(
          'finished_at',
          '>=',
          new Date(now.getTime() - RECENT_MS).toISOString(),
        )
        .update({ announced_at: now.toISOString() })
        .returning('*');
      for (const row of claimed) {
        await this.publish(row);
        announced += 1;
      }
    }
    return announced;
  }

  private async publish(row: Record<string, any>): Promise<void> {
    const { db, events, logger } = this.options;
    const deployment = deploymentFromRow(row);
    const app = {
      instance: deployment.instance,
      app_namespace: deployment.namespace,
      application: deployment.application,
    };
    const entities = await db('argo_pulse_entity_applications')
      .where(app)
      .distinct('entity_ref');
    // An expectation open while it deployed: its failure already tells the owners.
    const expectation = await db('argo_pulse_expectations as e')
      .join('argo_pulse_expectation_targets as t', 't.expectation_id', 'e.id')
      .where({
        't.instance': deployment.instance,
        't.namespace': deployment.namespace,
        't.application': deployment.application,
      })
      .where('e.created_at', '<=', deployment.finishedAt)
      .andWhere(q =>
        q
          .whereNull('e.resolved_at')
          .orWhere('e.resolved_at', '>=', deployment.finishedAt),
      )
      .first('e.id');
    const payload: ArgoPulseDeploymentEvent = {
      entityRefs: entities.map(e => e.entity_ref),
      deployment: this.options.present(deployment),
      expected: Boolean(expectation),
    };
    try {
      await events!.publish({
        topic: DEPLOYMENT_EVENT_TOPIC,
        eventPayload: payload,
      });
    } catch (error) {
      logger.warn(
        `Could not publish the degraded deployment of ${deployment.instance}/${
          deployment.application
        }: ${(error as Error).message}`,
      );
    }
  }
}
