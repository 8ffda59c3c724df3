import { startTestBackend } from '@backstage/backend-test-utils';
import {
  scaffolderActionsExtensionPoint,
  TemplateAction,
} from '@backstage/plugin-scaffolder-node';
import { argoPulseModuleScaffolderActions } from './module';

describe('argoPulseModuleScaffolderActions', () => {
  it("adds argo-pulse:expect and argo-pulse:wait-for-application to the scaffolder, with the JSON Schemas the scaffolder checks a step's input against", async () => {
    const added: TemplateAction<any, any, any>[] = [];
    const backend = await startTestBackend({
      extensionPoints: [
        [
          scaffolderActionsExtensionPoint,
          { addActions: (...actions) => added.push(...actions) },
        ],
      ],
      features: [argoPulseModuleScaffolderActions],
    });
    try {
      expect(
        added.map(action => ({
          id: action.id,
          required: action.schema?.input?.required,
        })),
      ).toEqual([
        { id: 'argo-pulse:expect', required: ['images'] },
        { id: 'argo-pulse:wait-for-application', required: ['entityRef'] },
      ]);
      expect(added[0].schema?.output?.properties).toHaveProperty('state');
      expect(added[1].schema?.output?.properties).toHaveProperty('argoCdUrl');
    } finally {
      await backend.stop();
    }
  });
});
