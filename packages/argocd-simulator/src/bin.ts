import { parseArgs } from 'node:util';
import { resolve } from 'node:path';
import { loadScenarioFile } from './scenario/loadScenario';
import { startSimulator } from './server';

const USAGE =
  'usage: argocd-simulator --scenario <file.yaml> [--port 8081] [--host 127.0.0.1]';

/** `argocd-simulator --port 8081 --scenario <file>` */
async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      port: { type: 'string', default: '8081' },
      host: { type: 'string', default: '127.0.0.1' },
      scenario: { type: 'string' },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help || !values.scenario) {
    console.log(USAGE);
    process.exit(values.help ? 0 : 3);
  }
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new Error(`--port must be a port number, got "${values.port}"`);
  const scenario = await loadScenarioFile(resolve(values.scenario));
  const simulator = await startSimulator({ scenario, port, host: values.host });
  for (const instance of simulator.instances.values()) {
    console.log(
      `argocd-simulator: instance ${instance.name} at ${simulator.instanceUrl(
        instance.name,
      )} (${instance.state.size} applications)`,
    );
  }
  console.log(`argocd-simulator: control API at ${simulator.url}/control`);
  const stop = () => void simulator.close().then(() => process.exit(0));
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch(error => {
  console.error(`argocd-simulator: ${(error as Error).message}`);
  process.exit(1);
});
