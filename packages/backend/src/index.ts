// The demo portal's backend: Backstage's own plugins (app, auth with guest sign-in, catalog,
// permissions with the demo policy, signals, scaffolder, MCP actions) and Argo Pulse. Configuration: ../../app-config.yaml.
import { createBackend } from '@backstage/backend-defaults';
import { argoPulseModuleScaffolderActions } from '@argo-pulse/backstage-plugin-backend';

const backend = createBackend();
backend.add(import('@backstage/plugin-app-backend'));
backend.add(import('@backstage/plugin-auth-backend'));
backend.add(import('@backstage/plugin-auth-backend-module-guest-provider'));
backend.add(import('@backstage/plugin-catalog-backend'));
// Lets the catalog hold Software Templates (kind: Template).
backend.add(
  import('@backstage/plugin-catalog-backend-module-scaffolder-entity-model'),
);
backend.add(import('@backstage/plugin-permission-backend'));
backend.add(import('./demoPermissionPolicy'));
// Pushes Argo Pulse's change signals to open pages (cards update within a second).
backend.add(import('@backstage/plugin-signals-backend'));
backend.add(import('@argo-pulse/backstage-plugin-backend'));
// Software Templates, with Argo Pulse's scaffolder actions (argo-pulse:expect, argo-pulse:wait-for-application).
backend.add(import('@backstage/plugin-scaffolder-backend'));
backend.add(argoPulseModuleScaffolderActions);
// Backstage's actions (Argo Pulse's among them, backend.actions in app-config) as MCP tools for AI assistants.
backend.add(import('@backstage/plugin-mcp-actions-backend'));
// The demo's 90 days of delivery history, seeded on the first start (after the plugin's migrations).
backend.add(import('./demoHistorySeedModule'));
// A backend that failed to start (invalid config, a database that is down) must not stay up, unready:
// exit, so the supervisor (npm start, Kubernetes) shows it and restarts it.
backend.start().catch(error => {
  console.error(
    `The backend did not start: ${
      error instanceof Error ? error.message : String(error)
    }`,
  );
  process.exit(1);
});
