import { startPluginWithSimulator } from '@argo-pulse/test-support';
import { startedForAllTests, startedForEachTest } from './aroundTests';
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
 * block's tests and stopped after them (see startedForAllTests).
 */
export function pluginForAllTests(
  { databases, databaseId }: TestDatabase,
  options: PluginOptions = {},
): PluginHarness {
  return startedForAllTests(
    () => startPluginWithSimulator({ databases, databaseId, ...options }),
    harness => harness.stop(),
  );
}

/** As pluginForAllTests, but a plugin of its own for each test: for tests that change what it serves. */
export function pluginForEachTest(
  { databases, databaseId }: TestDatabase,
  options: PluginOptions = {},
): PluginHarness {
  return startedForEachTest(
    () => startPluginWithSimulator({ databases, databaseId, ...options }),
    harness => harness.stop(),
  );
}
