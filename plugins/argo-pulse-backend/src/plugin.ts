import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { actionsRegistryServiceRef } from '@backstage/backend-plugin-api/alpha';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { durationToMilliseconds } from '@backstage/types';
import { eventsServiceRef } from '@backstage/plugin-events-node';
import { signalsServiceRef } from '@backstage/plugin-signals-node';
import {
  ARGO_PULSE_PORTAL_SIGNAL_REF,
  argoPulsePermissions,
} from '@argo-pulse/backstage-plugin-common';
import { registerArgoPulseActions } from './actions/registerArgoPulseActions';
import { readArgoPulseConfig } from './config/readArgoPulseConfig';
import { connectDatabase } from './database/connectDatabase';
import { DatabaseArgoPulseStore } from './database/DatabaseArgoPulseStore';
import { withStartupLock } from './database/startupLock';
import { DatabaseEntityIndex } from './entities/DatabaseEntityIndex';
import {
  indexAfterFirstPoll,
  scheduleEntityIndex,
} from './entities/scheduleEntityIndex';
import { DatabaseExpectationStore } from './expectations/DatabaseExpectationStore';
import { DeadlineTimer } from './expectations/DeadlineTimer';
import { ExpectationIntake } from './expectations/ExpectationIntake';
import { ExpectationService } from './expectations/ExpectationService';
import { createInstanceRefresher } from './expectations/refreshInstances';
import { scheduleSweep } from './expectations/scheduleSweep';
import { DegradedAnnouncer } from './history/DegradedAnnouncer';
import { schedulePruning } from './history/schedulePruning';
import { scheduleSettling } from './history/scheduleSettling';
import { createArgoPulseMetrics } from './metrics/argoPulseMetrics';
import { PollingEngine } from './polling/PollingEngine';
import { ApplicationOperations } from './service/ApplicationOperations';
import { OperationStore } from './operations/OperationStore';
import { ARGO_WATCHER_COMPAT_PATH } from './service/argoWatcherCompat';
import { toDeployment } from './service/presenters';
import { withEntityReadCache } from './service/entityReadCache';
import { createRouter } from './service/router';
import { ChangeSignals } from './signals/ChangeSignals';
import { SignalWatchers } from './signals/SignalWatchers';

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
        actionsRegistry: actionsRegistryServiceRef,
        auditor: coreServices.auditor,
      },
      async init(deps) {
        const {
          rootConfig,
          logger,
          database,
          scheduler,
          httpRouter,
          lifecycle,
        } = deps;
        const config = readArgoPulseConfig(rootConfig);
        deps.permissionsRegistry.addPermissions(argoPulsePermissions);
        // Waits, with backoff, for a database that is down or whose migrations another replica
        // holds; the stores below then find it up and migrated.
        const db = await connectDatabase(database, { logger });
        const store = await DatabaseArgoPulseStore.create({
          database,
          settle: {
            settleTimeoutMs: config.history.settleTimeoutMs,
            degradedGraceMs: config.expectations.degradedGraceMs,
            acceptSuspended: config.expectations.acceptSuspended,
          },
        });
        const expectationStore = await DatabaseExpectationStore.create({
          database,
        });
        const operationStore = new OperationStore(db);
        const metrics = createArgoPulseMetrics();
        const watchers = new SignalWatchers(db);
        const recordReader: typeof watchers.watch = (user, entity, apps) =>
          watchers
            .watch(user, entity, apps)
            .catch(error =>
              logger.warn(
                `Could not record a reader for change signals: ${error.message}`,
              ),
            );
        const changes = new ChangeSignals({
          signals: deps.signals,
          watchers,
          logger,
        });
        const degraded = new DegradedAnnouncer({
          db,
          events: deps.events,
          logger,
          present: d =>
            toDeployment({ ...d, commits: [] }, { withDetail: true }),
        });
        const expectations = new ExpectationService({
          store: expectationStore,
          applications: store,
          config: config.expectations,
          metrics,
          events: deps.events,
          instances: new Map(config.instances.map(i => [i.name, i])),
          logger: logger.child({ component: 'expectations' }),
          onChange: record => changes.expectationChanged(record),
        });
        const deadlines = new DeadlineTimer({
          earliest: () => expectationStore.earliestNextCheck(),
          evaluateDue: () => expectations.evaluateDue(),
          logger,
        });
        expectations.onScheduleChange(() => deadlines.arm());

        const indexed = indexAfterFirstPoll(scheduler);
        const engine = await PollingEngine.create({
          config,
          database,
          store,
          logger,
          metrics,
          sink: {
            // Pages showing the changes re-read, and the expectations on them are evaluated.
            applicationsChanged: async keys => {
              await changes.applicationsChanged(keys);
              await expectations.evaluateApplications(keys);
              await degraded.announce(keys);
            },
            // The detail decides verdicts too: a Rollout's abort, or its completion while old pods scale down.
            detailApplied: async keys => {
              await changes.applicationsChanged(keys);
              await expectations.evaluateApplications(keys);
            },
            // Verdicts name an outage, or stop naming it: the expectations on the instance are evaluated again.
            instancePolled: async (instance, outcome) => {
              if (await changes.instancePolled(instance, outcome))
                await expectations.evaluateInstance(instance);
              indexed(instance, outcome);
            },
          },
        });
        lifecycle.addStartupHook(() => {
          deadlines.arm();
          engine.start();
        });
        lifecycle.addShutdownHook(() =>
          Promise.all([deadlines.stop(), engine.stop(), changes.stop()]).then(
            () => {},
          ),
        );

        // The scheduler creates its tables on its first use, here: one replica at a time.
        await withStartupLock(db, async () => {
          await engine.schedule(scheduler);
          await schedulePruning({
            scheduler,
            retention: config.history.retention,
            store,
            pruneExpectations: async cutoff => {
              // Operations started from Backstage go with the history they annotate.
              await operationStore.prune(cutoff);
              return expectationStore.pruneResolved(cutoff);
            },
            logger,
          });
          await scheduleSweep({ scheduler, expectations, deadlines });
          await scheduleSettling({
            scheduler,
            store,
            onSettled: async keys => {
              await changes.applicationsChanged(keys);
              await degraded.announce(keys);
            },
          });
        });
        const configuredInstances = config.instances.map(i => i.name);
        // Page views, operations and actions read their entity through this cache.
        const catalog = withEntityReadCache(deps.catalog);
        const operations = new ApplicationOperations({
          store,
          operations: operationStore,
          catalog,
          permissions: deps.permissions,
          auth: deps.auth,
          auditor: deps.auditor,
          logger: logger.child({ component: 'operations' }),
          configuredInstances,
          client: instance => engine.client(instance),
          applyRefreshed: (key, app) => engine.refreshNow(key, app),
        });
        await scheduleEntityIndex({
          scheduler,
          catalog: deps.catalog,
          auth: deps.auth,
          store,
          index: new DatabaseEntityIndex(db),
          configuredInstances,
          logger,
          onChanged: () => changes.entityIndexChanged(),
        });

        const refreshInstances = createInstanceRefresher({
          scheduler,
          store,
          waitMs: durationToMilliseconds(config.polling.timeout),
        });
        const intake = new ExpectationIntake({
          config,
          store,
          expectations,
          catalog,
          refreshInstances,
        });
        httpRouter.use(
          await createRouter({
            ...deps,
            catalog,
            db,
            config,
            store,
            expectationStore,
            expectations,
            intake,
            operations,
            operationStore,
            // A signed-in reader of an entity, or of the portal's pages, is signalled its changes for a while.
            onEntityRead: read =>
              recordReader(
                read.userEntityRef,
                read.entityRef,
                read.applications,
              ),
            onPortalRead: read =>
              recordReader(
                read.userEntityRef,
                ARGO_PULSE_PORTAL_SIGNAL_REF,
                [],
              ),
          }),
        );
        // Read-only actions (`argo-pulse:get-deployment-status`, ...) for the
        // actions registry: AI assistants over MCP, templates, `backstage-cli actions`.
        registerArgoPulseActions({
          ...deps,
          catalog,
          db,
          config,
          store,
          expectationStore,
          expectations,
          intake,
          operations,
          operationStore,
        });
        httpRouter.addAuthPolicy({ path: '/health', allow: 'unauthenticated' });
        // argo-watcher's client sends its token in its own headers; the compat
        // router turns them into a bearer token and authenticates every request itself.
        httpRouter.addAuthPolicy({
          path: ARGO_WATCHER_COMPAT_PATH,
          allow: 'unauthenticated',
        });
        logger.info(
          `Polling ${
            config.instances.length
          } Argo CD instance(s): ${configuredInstances.join(
            ', ',
          )} (as replica ${engine.replica})`,
        );
      },
    });
  },
});
