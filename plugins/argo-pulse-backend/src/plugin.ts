import { coreServices, createBackendPlugin } from '@backstage/backend-plugin-api';
import { randomUUID } from 'node:crypto';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { durationToMilliseconds } from '@backstage/types';
import { eventsServiceRef } from '@backstage/plugin-events-node';
import { signalsServiceRef } from '@backstage/plugin-signals-node';
import { argoPulsePermissions } from '@argo-pulse/backstage-plugin-common';
import { ArgoCdClient } from './argocd/ArgoCdClient';
import { RequestLimiter } from './argocd/RequestLimiter';
import { readArgoPulseConfig } from './config/readArgoPulseConfig';
import { connectDatabase } from './database/connectDatabase';
import { withStartupLock } from './database/startupLock';
import { DatabaseEntityIndex } from './entities/DatabaseEntityIndex';
import { ENTITY_INDEX_TASK_ID, refreshEntityIndex } from './entities/refreshEntityIndex';
import { DatabaseArgoPulseStore } from './database/DatabaseArgoPulseStore';
import { DatabaseLeases } from './database/DatabaseLeases';
import { DatabaseExpectationStore } from './expectations/DatabaseExpectationStore';
import { DeadlineTimer } from './expectations/DeadlineTimer';
import { ExpectationService } from './expectations/ExpectationService';
import { createInstanceRefresher } from './expectations/refreshInstances';
import { createArgoPulseMetrics } from './metrics';
import { DetailReader } from './polling/DetailReader';
import { InstancePoller } from './polling/InstancePoller';
import { pollLeaseName, schedulePolling } from './polling/schedulePolling';
import { StreamWatcher } from './polling/StreamWatcher';
import { ARGO_WATCHER_COMPAT_PATH } from './service/argoWatcherCompat';
import { ChangeSignals } from './signals/ChangeSignals';
import type { ApplicationKey } from './database/types';
import { createRouter } from './service/router';

/**
 * Argo Pulse's backend plugin (pluginId `argo-pulse`, routes under
 * `/api/argo-pulse`): polls every configured Argo CD instance into the
 * Backstage database, serves each entity's applications and history, and
 * decides the expected versions CI posts.
 *
 * @public
 */
export const argoPulsePlugin = createBackendPlugin({
  pluginId: 'argo-pulse',
  register(env) {
    env.registerInit({
      deps: {
        rootConfig: coreServices.rootConfig,
        logger: coreServices.logger,
        database: coreServices.database,
        scheduler: coreServices.scheduler,
        httpRouter: coreServices.httpRouter,
        httpAuth: coreServices.httpAuth,
        auth: coreServices.auth,
        userInfo: coreServices.userInfo,
        permissions: coreServices.permissions,
        permissionsRegistry: coreServices.permissionsRegistry,
        discovery: coreServices.discovery,
        lifecycle: coreServices.lifecycle,
        catalog: catalogServiceRef,
        events: eventsServiceRef,
        signals: signalsServiceRef,
      },
      async init(deps) {
        const { rootConfig, logger, database, scheduler, httpRouter, lifecycle } = deps;
        const config = readArgoPulseConfig(rootConfig);
        deps.permissionsRegistry.addPermissions(argoPulsePermissions);
        // Waits, with backoff, for a database that is down or whose migrations another replica
        // holds; the stores below then find it up and migrated.
        const databaseClient = await connectDatabase(database, { logger });
        const store = await DatabaseArgoPulseStore.create({ database });
        const expectationStore = await DatabaseExpectationStore.create({ database });
        const metrics = createArgoPulseMetrics();
        const changes = new ChangeSignals({ signals: deps.signals, logger });
        const expectations = new ExpectationService({
          store: expectationStore,
          applications: store,
          config: config.expectations,
          instances: new Map(config.instances.map(i => [i.name, i])),
          logger: logger.child({ component: 'expectations' }),
          metrics,
          events: deps.events,
          onChange: record => changes.expectationChanged(record),
        });
        const deadlines = new DeadlineTimer({
          earliest: () => expectationStore.earliestNextCheck(),
          evaluateDue: () => expectations.evaluateDue(),
          logger,
        });
        expectations.onScheduleChange(() => deadlines.arm());
        lifecycle.addStartupHook(() => deadlines.arm());
        lifecycle.addShutdownHook(() => deadlines.stop());

        /** Stored changes: pages showing them re-read, and the expectations on them are evaluated. */
        const applicationsChanged = async (keys: ApplicationKey[]) => {
          await changes.applicationsChanged(keys);
          await expectations.evaluateApplications(keys);
        };

        const limiter = new RequestLimiter({ perInstance: config.polling.concurrency, total: config.polling.maxRequestsInFlight });
        const clients = config.instances.map(
          instance =>
            new ArgoCdClient({
              instance,
              logger: logger.child({ instance: instance.name }),
              requestTimeoutMs: config.polling.requestTimeoutMs,
              limiter,
              onRequest: metrics.argoCdRequest,
            }),
        );
        // The entity index is rebuilt every minute; the first poll of each instance also rebuilds
        // it at once, so a new portal lists deployments without waiting for the next minute.
        const firstPolled = new Set<string>();
        const indexAfterFirstPoll = (instance: string) => {
          if (firstPolled.has(instance)) return;
          firstPolled.add(instance);
          scheduler.triggerTask(ENTITY_INDEX_TASK_ID).catch(() => {}); // already running: it reads what is stored by then
        };
        const pollers = clients.map(
          client =>
            new InstancePoller({
              client,
              store,
              logger: logger.child({ instance: client.instanceName }),
              metrics,
              timeoutMs: durationToMilliseconds(config.polling.timeout),
              onChanged: keys => applicationsChanged(keys),
              onPolled: async outcome => {
                // Verdicts name an outage, or stop naming it: the expectations on the instance are evaluated again.
                if (await changes.instancePolled(client.instanceName, outcome)) await expectations.evaluateInstance(client.instanceName);
                if (!outcome.failed) indexAfterFirstPoll(client.instanceName);
              },
            }),
        );
        const detailReaders = clients.map(
          client => new DetailReader({ client, store, logger: logger.child({ instance: client.instanceName }), onApplied: keys => changes.applicationsChanged(keys) }),
        );
        const leases = await DatabaseLeases.create({ database });
        const replica = randomUUID();
        // A replica that stops hands its instances over at once; one that dies, when its leases expire.
        lifecycle.addShutdownHook(() => Promise.all(config.instances.map(i => leases.release(pollLeaseName(i.name), replica))).then(() => {}));
        const watchers = config.instances.flatMap((instance, i) =>
          instance.mode === 'stream'
            ? [
                new StreamWatcher({
                  client: clients[i],
                  poller: pollers[i],
                  store,
                  leases,
                  logger: logger.child({ instance: instance.name }),
                  onChanged: keys => applicationsChanged(keys),
                }),
              ]
            : [],
        );
        lifecycle.addStartupHook(() => watchers.forEach(watcher => watcher.start()));
        lifecycle.addShutdownHook(() => Promise.all(watchers.map(watcher => watcher.stop())).then(() => {}));
        // The scheduler creates its tables on its first use, here: one replica at a time.
        await withStartupLock(databaseClient, () => schedulePolling({
          scheduler,
          config,
          pollers,
          detailReaders,
          store,
          leases,
          replica,
          logger,
          pruneExpectations: cutoff => expectationStore.pruneResolved(cutoff),
          onTick: async () => {
            await expectations.evaluatePending();
            deadlines.arm(); // picks up expectations another replica created
          },
        }));
        const entityIndex = new DatabaseEntityIndex(databaseClient);
        await scheduler.scheduleTask({
          id: ENTITY_INDEX_TASK_ID,
          scope: 'global',
          frequency: { minutes: 1 },
          timeout: { minutes: 1 },
          fn: async () => {
            const entities = await refreshEntityIndex({ catalog: deps.catalog, auth: deps.auth, store, index: entityIndex, configuredInstances: config.instances.map(i => i.name) });
            logger.debug(`The entity index holds ${entities} entities with Argo CD applications`);
          },
        });
        const refreshInstances = createInstanceRefresher({ scheduler, store, waitMs: durationToMilliseconds(config.polling.timeout) });
        httpRouter.use(await createRouter({ ...deps, db: databaseClient, config, store, expectationStore, expectations, refreshInstances }));
        httpRouter.addAuthPolicy({ path: '/health', allow: 'unauthenticated' });
        // argo-watcher's client sends its token in its own headers; the compat
        // router turns them into a bearer token and authenticates every request itself.
        httpRouter.addAuthPolicy({ path: ARGO_WATCHER_COMPAT_PATH, allow: 'unauthenticated' });
        // The replica id is the `holder` in argo_pulse_leases: which replica polls an instance now.
        logger.info(`Polling ${config.instances.length} Argo CD instance(s): ${config.instances.map(i => i.name).join(', ')} (as replica ${replica})`);
      },
    });
  },
});
