import { createServiceFactory } from '@backstage/backend-plugin-api';
import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { eventsServiceRef } from '@backstage/plugin-events-node';
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
import {
  argoPulseModuleFailureNotifications,
  degradedNotifications,
  failureNotification,
} from './failureNotificationsModule';

const failed: ArgoPulseExpectation = {
  id: 'e1',
  entityRef: 'component:default/payments-api',
  applications: [
    {
      instance: 'prod',
      namespace: 'argocd',
      name: 'payments-api-prod',
      argoCdUrl: 'https://argocd/applications/argocd/payments-api-prod',
    },
  ],
  images: ['ghcr.io/acme/payments-api:1.9.0'],
  state: 'failed',
  reason: 'sync-failed',
  message: 'prod/payments-api-prod: sync failed: hook failed',
  createdAt: '2026-11-22T10:00:00.000Z',
  deadline: '2026-11-22T10:10:00.000Z',
};

const degraded: ArgoPulseDeploymentEvent = {
  entityRefs: ['component:default/payments-api', 'system:default/payments'],
  expected: false,
  deployment: {
    id: 'd7',
    instance: 'prod',
    namespace: 'argocd',
    application: 'payments-api-prod',
    historyId: 7,
    outcome: 'Succeeded',
    revisions: ['4f2a9c1'],
    sources: [],
    finishedAt: '2026-11-22T10:00:00.000Z',
    images: ['ghcr.io/acme/payments-api:2.0.0'],
    commits: [],
    result: {
      status: 'degraded',
      reason: 'Pod payments-api-1: ImagePullBackOff',
    },
  },
};

describe('failure notifications', () => {
  it('a deployment that turned degraded without an expected version: one notification per entity that selects it', () => {
    expect(degradedNotifications(degraded)).toEqual(
      degraded.entityRefs.map(entityRef =>
        expect.objectContaining({
          recipients: { type: 'entity', entityRef },
          payload: expect.objectContaining({
            title: expect.stringMatching(
              /: ghcr.io\/acme\/payments-api:2.0.0 is degraded in prod \(payments-api-prod\)$/,
            ),
            description: 'Pod payments-api-1: ImagePullBackOff',
            scope: 'argo-pulse-deployment-prod-argocd-payments-api-prod-d7',
          }),
        }),
      ),
    );
    expect(degradedNotifications({ ...degraded, expected: true })).toEqual([]);
  });

  it.each<[string, ArgoPulseExpectation]>([
    ['deployed', { ...failed, state: 'deployed', reason: undefined }],
    ['superseded', { ...failed, state: 'superseded', reason: undefined }],
    ['failed without an entity', { ...failed, entityRef: undefined }],
  ])('nothing for %s', (_what, expectation) => {
    expect(failureNotification(expectation)).toBeUndefined();
  });

  it("a failure goes to the entity's owner, with the reason and a link to the entity page", () => {
    expect(failureNotification(failed)).toEqual({
      recipients: {
        type: 'entity',
        entityRef: 'component:default/payments-api',
      },
      payload: {
        title:
          'payments-api: ghcr.io/acme/payments-api:1.9.0 did not deploy (sync-failed)',
        description: 'prod/payments-api-prod: sync failed: hook failed',
        link: '/catalog/default/component/payments-api',
        severity: 'high',
        topic: 'argo-pulse',
        scope: 'argo-pulse-expectation-e1',
      },
    });
  });

  it('the module sends it when the resolution is published on the events service', async () => {
    const events = mockServices.events();
    const sent: NotificationSendOptions[] = [];
    const backend = await startTestBackend({
      features: [
        argoPulseModuleFailureNotifications,
        createServiceFactory({
          service: eventsServiceRef,
          deps: {},
          factory: () => events,
        }),
        createServiceFactory({
          service: notificationService,
          deps: {},
          factory: () => ({
            send: async (n: NotificationSendOptions) => void sent.push(n),
          }),
        }),
      ],
    });
    try {
      await events.publish({
        topic: EXPECTATION_EVENT_TOPIC,
        eventPayload: { ...failed, state: 'deployed' },
      });
      await events.publish({
        topic: EXPECTATION_EVENT_TOPIC,
        eventPayload: failed,
      });
      await events.publish({ topic: 'something-else', eventPayload: failed });
      await events.publish({
        topic: DEPLOYMENT_EVENT_TOPIC,
        eventPayload: degraded,
      });
      expect(sent).toEqual([
        failureNotification(failed),
        ...degradedNotifications(degraded),
      ]);
    } finally {
      await backend.stop();
    }
  });
});
