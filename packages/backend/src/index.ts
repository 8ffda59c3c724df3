// The demo portal's backend: Backstage's own plugins (app, auth with guest sign-in, catalog,
// permissions with the demo policy) and Argo Pulse. Configuration: ../../app-config.yaml.
import { createBackend } from '@backstage/backend-defaults';

const backend = createBackend();
backend.add(import('@backstage/plugin-app-backend'));
backend.add(import('@backstage/plugin-auth-backend'));
backend.add(import('@backstage/plugin-auth-backend-module-guest-provider'));
backend.add(import('@backstage/plugin-catalog-backend'));
backend.add(import('@backstage/plugin-permission-backend'));
backend.add(import('./demoPermissionPolicy'));
backend.add(import('@argo-pulse/backstage-plugin-backend'));
backend.start();
