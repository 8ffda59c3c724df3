import { coreServices, createBackendPlugin } from '@backstage/backend-plugin-api';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { ArgoCdClient } from './argocd/ArgoCdClient';
import { readArgoPulseConfig } from './config/readArgoPulseConfig';
import { DatabaseArgoPulseStore } from './database/DatabaseArgoPulseStore';
import { createArgoPulseMetrics } from './metrics';
import { InstancePoller } from './polling/InstancePoller';
import { schedulePolling } from './polling/schedulePolling';
import { createRouter } from './service/router';

/**
 * Argo Pulse's backend plugin (pluginId `argo-pulse`, routes under
 * `/api/argo-pulse`): polls every configured Argo CD instance into the
 * Backstage database and serves each entity's applications and history.
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
        catalog: catalogServiceRef,
      },
      async init({ rootConfig, logger, database, scheduler, httpRouter, httpAuth, catalog }) {
        const config = readArgoPulseConfig(rootConfig);
        const store = await DatabaseArgoPulseStore.create({ database });
        const metrics = createArgoPulseMetrics();
        const pollers = config.instances.map(
          instance =>
            new InstancePoller({
              client: new ArgoCdClient({
                instance,
                logger: logger.child({ instance: instance.name }),
                requestTimeoutMs: config.polling.requestTimeoutMs,
                concurrency: config.polling.concurrency,
                onRequest: metrics.argoCdRequest,
              }),
              store,
              logger: logger.child({ instance: instance.name }),
              metrics,
            }),
        );
        await schedulePolling({ scheduler, config, pollers, store, logger });
        httpRouter.use(await createRouter({ config, store, catalog, httpAuth }));
        httpRouter.addAuthPolicy({ path: '/health', allow: 'unauthenticated' });
        logger.info(`Polling ${config.instances.length} Argo CD instance(s): ${config.instances.map(i => i.name).join(', ')}`);
      },
    });
  },
});
