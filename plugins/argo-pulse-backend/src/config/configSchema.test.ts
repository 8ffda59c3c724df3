import { resolvePackagePath } from '@backstage/backend-plugin-api';
import { loadConfigSchema } from '@backstage/config-loader';
import type { JsonValue } from '@backstage/types';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';

/**
 * `config.d.ts` is what Backstage validates app-config against (and what it
 * shows the frontend): every key the plugin reads and the README documents
 * must be declared there, with its allowed values.
 */
describe('config.d.ts', () => {
  const PACKAGE = '@argo-pulse/backstage-plugin-backend';
  // What every Backstage config holds besides ours (other packages' schemas require it).
  const BASE = { app: { baseUrl: 'http://localhost:3000' }, backend: { baseUrl: 'http://localhost:7007', database: { client: 'better-sqlite3', connection: ':memory:' } } };
  let schema: Awaited<ReturnType<typeof loadConfigSchema>>;
  beforeAll(async () => {
    schema = await loadConfigSchema({ dependencies: [PACKAGE] });
  });
  const validate = (argoPulse: JsonValue) => () => schema.process([{ context: 'test', data: { ...BASE, argoPulse } }]);

  it("accepts the README's full example, every key with a value", async () => {
    const readme = readFileSync(resolvePackagePath(PACKAGE, 'README.md'), 'utf8');
    const example = /```yaml\n(argoPulse:\n[\s\S]*?)```/.exec(readme);
    expect(example).not.toBeNull(); // the README has an argoPulse example
    const { argoPulse } = parse(example![1].replace(/\$\{\w+\}/g, 'a-secret'));
    expect(argoPulse.instances.length).toBeGreaterThan(0);
    expect(validate(argoPulse)).not.toThrow();
  });

  it("accepts the demo portal's app-config.yaml", async () => {
    const { argoPulse } = parse(readFileSync(join(resolvePackagePath(PACKAGE), '../../app-config.yaml'), 'utf8'));
    expect(validate(argoPulse)).not.toThrow();
  });

  it.each([
    ['polling.mode', (mode: string) => ({ instances: [{ name: 'prod', url: 'https://argocd.example.com', token: 't' }], polling: { mode } })],
    ["an instance's own mode", (mode: string) => ({ instances: [{ name: 'prod', url: 'https://argocd.example.com', token: 't', mode }] })],
  ])('declares %s: poll or stream, nothing else', async (_key, config) => {
    expect(validate(config('stream'))).not.toThrow();
    expect(validate(config('poll'))).not.toThrow();
    expect(validate(config('streaming'))).toThrow(/must be equal to one of the allowed values/);
  });
});
