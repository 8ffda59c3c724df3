import { startPluginWithSimulator } from '@argo-pulse/test-support';
import type { TestDatabase } from './eachDatabase';

export type PluginHarness = Awaited<
  ReturnType<typeof startPluginWithSimulator>
>;

type PluginOptions = Omit<
  Parameters<typeof startPluginWithSimulator>[0],
  'databases' | 'databaseId'
>;

/**
 * The plugin with the demo simulator on `database`, started once before the
 * block's tests and stopped after them. The harness returned stands for the
 * running one, so the block can name it where it declares its helpers; hooks
 * the block registers after this call (a first poll) run after the start.
 */
export function pluginForAllTests(
  database: TestDatabase,
  options: PluginOptions = {},
): PluginHarness {
  return pluginAround(beforeAll, afterAll, database, options);
}

/** As pluginForAllTests, but a plugin of its own for each test: for tests that change what it serves. */
export function pluginForEachTest(
  database: TestDatabase,
  options: PluginOptions = {},
): PluginHarness {
  return pluginAround(beforeEach, afterEach, database, options);
}

function pluginAround(
  before: (hook: () => Promise<void>) => void,
  after: (hook: () => Promise<void>) => void,
  { databases, databaseId }: TestDatabase,
  options: PluginOptions,
): PluginHarness {
  let running: PluginHarness | undefined;
  before(async () => {
    running = await startPluginWithSimulator({
      databases,
      databaseId,
      ...options,
    });
  });
  after(async () => {
    await running?.stop();
    running = undefined;
  });
  return new Proxy({} as PluginHarness, {
    get: (_, key) => {
      if (!running)
        throw new Error('The plugin runs only in the tests and their hooks');
      return Reflect.get(running, key);
    },
  });
}
