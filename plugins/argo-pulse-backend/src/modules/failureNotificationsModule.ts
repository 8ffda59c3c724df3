import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { parseEntityRef } from '@backstage/catalog-model';
import { eventsServiceRef, EventParams } from '@backstage/plugin-events-node';
import {
  notificationService,
  NotificationSendOptions,
} from '@backstage/plugin-notifications-node';
import type {
  ArgoPulseDeploymentEvent,
  ArgoPulseExpectation,
} from '@argo-pulse/backstage-plugin-common';
import { EXPECTATION_EVENT_TOPIC } from '../expectations/ExpectationService';
import { DEPLOYMENT_EVENT_TOPIC } from '../history/DegradedAnnouncer';

/**
 * The notification for a failed expectation, sent to the entity (the
 * notifications backend delivers it to the entity's owner); undefined for
 * anything else, and for expectations posted without an entity.
 */
export function failureNotification(
  expectation: ArgoPulseExpectation,
): NotificationSendOptions | undefined {
  if (expectation.state !== 'failed' || !expectation.entityRef)
    return undefined;
  const { kind, namespace, name } = parseEntityRef(expectation.entityRef);
  const images = expectation.images.join(', ');
  return {
    recipients: { type: 'entity', entityRef: expectation.entityRef },
    payload: {
      title: `${name}: ${images} did not deploy (${expectation.reason})`,
      description: expectation.message,
      link: `/catalog/${namespace}/${kind.toLocaleLowerCase('en-US')}/${name}`,
      severity: 'high',
      topic: 'argo-pulse',
      // One notification per expectation, even if the event is delivered twice.
      scope: `argo-pulse-expectation-${expectation.id}`,
    },
  };
}

/**
 * The notifications for a deployment that turned degraded, one to each entity
 * that selects its application (the notifications backend delivers it to the
 * owner); none when an expected version covered it (its failure tells them).
 */
export function degradedNotifications(
  event: ArgoPulseDeploymentEvent,
): NotificationSendOptions[] {
  const { deployment: d } = event;
  if (event.expected || d.result?.status !== 'degraded') return [];
  const images = d.images.length ? d.images.join(', ') : d.revisions.join(', ');
  return event.entityRefs.map(entityRef => {
    const { kind, namespace, name } = parseEntityRef(entityRef);
    return {
      recipients: { type: 'entity', entityRef },
      payload: {
        title: `${name}: ${images} is degraded in ${d.instance} (${d.application})`,
        description: d.result?.reason,
        link: `/catalog/${namespace}/${kind.toLocaleLowerCase(
          'en-US',
        )}/${name}`,
        severity: 'high',
        topic: 'argo-pulse',
        // One notification per deployment and entity, even if the event is delivered twice.
        scope: `argo-pulse-deployment-${d.instance}-${d.namespace}-${d.application}-${d.id}`,
      },
    };
  });
}

/**
 * Notifies an entity's owner when an expected version fails, or when a
 * deployment of one of its applications turns degraded without one. A module, not
 * part of the plugin, because it needs the notifications backend: install
 * it where that is installed.
 *
 * @public
 */
export const argoPulseModuleFailureNotifications = createBackendModule({
  pluginId: 'argo-pulse',
  moduleId: 'failure-notifications',
  register(reg) {
    reg.registerInit({
      deps: {
        events: eventsServiceRef,
        notifications: notificationService,
        logger: coreServices.logger,
      },
      async init({ events, notifications, logger }) {
        await events.subscribe({
          id: 'argo-pulse-failure-notifications',
          topics: [EXPECTATION_EVENT_TOPIC, DEPLOYMENT_EVENT_TOPIC],
          async onEvent(event: EventParams) {
            const toSend =
              event.topic === DEPLOYMENT_EVENT_TOPIC
                ? degradedNotifications(
                    event.eventPayload as ArgoPulseDeploymentEvent,
                  )
                : [
                    failureNotification(
                      event.eventPayload as ArgoPulseExpectation,
                    ),
                  ];
            for (const notification of toSend)
              if (notification) await send(notification);
          },
        });
        async function send(notification: NotificationSendOptions) {
          try {
            await notifications.send(notification);
          } catch (error) {
            logger.warn(
              `Could not notify the owner of ${
                notification.recipients.type === 'entity'
                  ? notification.recipients.entityRef
                  : ''
              }: ${(error as Error).message}`,
            );
          }
        }
      },
    });
  },
});
