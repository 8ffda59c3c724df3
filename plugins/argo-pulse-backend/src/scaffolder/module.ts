import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { scaffolderActionsExtensionPoint } from '@backstage/plugin-scaffolder-node';
import { ArgoPulseClient } from './ArgoPulseClient';
import { createExpectAction } from './expectAction';
import { createWaitForApplicationAction } from './waitForApplicationAction';

/**
 * Argo Pulse's actions for Software Templates: `argo-pulse:expect` (post an
 * expected version and wait for its verdict) and
 * `argo-pulse:wait-for-application` (wait until an entity's application is
 * Synced and Healthy). A module of the scaffolder, which runs the actions:
 * they call the Argo Pulse backend over HTTP on behalf of the template's
 * user, so that user's permissions apply.
 *
 * @public
 */
export const argoPulseModuleScaffolderActions = createBackendModule({
  pluginId: 'scaffolder',
  moduleId: 'argo-pulse',
  register(reg) {
    reg.registerInit({
      deps: {
        scaffolder: scaffolderActionsExtensionPoint,
        discovery: coreServices.discovery,
        auth: coreServices.auth,
        config: coreServices.rootConfig,
      },
      async init({ scaffolder, discovery, auth, config }) {
        const client = new ArgoPulseClient({ discovery, auth });
        scaffolder.addActions(
          createExpectAction({
            client,
            appBaseUrl: config.getOptionalString('app.baseUrl'),
          }),
          createWaitForApplicationAction({ client }),
        );
      },
    });
  },
});
