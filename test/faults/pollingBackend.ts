// A Backstage backend with only the Argo Pulse plugin, run as its own process
// by the restart test (so that it can be killed mid-poll). Config: --config.
import { createBackend } from '@backstage/backend-defaults';

const backend = createBackend();
backend.add(import('@argo-pulse/backstage-plugin-backend'));
backend.start().catch(error => {
  console.error(error);
  process.exit(1);
});
