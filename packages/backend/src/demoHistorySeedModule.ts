// The demo portal seeds 90 days of delivery history (demoDeliveryHistory.ts) into Argo Pulse's
// own database on its first start, so the Delivery figures have a story at once.
import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { seedDemoDeliveryHistory } from './demoDeliveryHistory';

/**
 * A module of plugin `argo-pulse`, so `coreServices.database` is the plugin's own database.
 *
 * Sequencing: Backstage initializes a plugin's modules before the plugin itself, so at this
 * module's `init` the plugin has not migrated its tables yet. The plugin's `init` migrates
 * (it awaits `connectDatabase`, which runs `migrate.latest`), and only once that `init` has
 * returned does Backstage run the plugin's startup hooks (`coreServices.lifecycle`, which a
 * plugin shares with its modules). So the seed runs in a startup hook: after the migrations,
 * whichever replica ran them. A failure is logged and the backend keeps running: it is a demo.
 */
export function createDemoHistorySeedModule(
  options: { now?: () => Date } = {},
) {
  const now = options.now ?? (() => new Date());
  return createBackendModule({
    pluginId: 'argo-pulse',
    moduleId: 'demo-history-seed',
    register(reg) {
      reg.registerInit({
        deps: {
          database: coreServices.database,
          lifecycle: coreServices.lifecycle,
          logger: coreServices.logger,
        },
        async init({ database, lifecycle, logger }) {
          lifecycle.addStartupHook(async () => {
            try {
              const db = await database.getClient();
              if (!(await db.schema.hasTable('argo_pulse_deployments'))) {
                logger.warn(
                  'No demo history seeded: the Argo Pulse tables are not there (migrations skipped?)',
                );
                return;
              }
              const outcome = await seedDemoDeliveryHistory(db, now());
              logger.info(
                outcome.seeded
                  ? `Seeded the demo's 90 days of delivery history: ${outcome.deployments} deployments, ${outcome.commits} commits, ${outcome.expectations} expectations`
                  : 'The demo history was seeded before: nothing to seed',
              );
            } catch (error) {
              logger.warn(
                `No demo history seeded: ${(error as Error).message}`,
              );
            }
          });
        },
      });
    },
  });
}

export default createDemoHistorySeedModule();
