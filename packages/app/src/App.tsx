// The demo portal's app, on Backstage's new frontend system: the catalog, and Argo Pulse's
// cards on each annotated entity's overview plus its Argo CD tab. The default sign-in page
// offers guest sign-in (see app-config.yaml for who that is). Signals carry the backend's
// change notices to open pages, so Argo Pulse's cards update within a second. The scaffolder
// ("Create…") runs the demo's Software Templates, which use Argo Pulse's template actions.
import { createApp } from '@backstage/frontend-defaults';
import catalogPlugin from '@backstage/plugin-catalog/alpha';
import scaffolderPlugin from '@backstage/plugin-scaffolder/alpha';
import signalsPlugin from '@backstage/plugin-signals/alpha';
import argoPulsePlugin from '@argo-pulse/backstage-plugin/alpha';

export default createApp({
  features: [catalogPlugin, scaffolderPlugin, signalsPlugin, argoPulsePlugin],
});
