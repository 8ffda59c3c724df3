// A fresh Backstage backend outside this repository, installed from the
// registry plus the packed Argo Pulse tarballs, whose src/index.ts is the
// README's install block, run on PostgreSQL against the Argo CD simulator.
// It also serves Argo Pulse's actions as MCP tools, added as the README says.
import { ChildProcess, spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import knex, { Knex } from 'knex';
import { stringify } from 'yaml';
import {
  freePort,
  postgresConnectionString,
  waitFor,
} from '@argo-pulse/test-support';
import {
  ConsumerProject,
  createConsumerProject,
  repositoryVersion,
  run,
} from './consumerProject';
import { readmeBlock } from './readme';
import { MCP_TOKEN, readmeMcpSteps } from './readmeMcp';

export const CI_TOKEN = 'consumer-ci-token-0123456789';

async function onPostgres<T>(
  database: string,
  work: (client: Knex) => Promise<T>,
): Promise<T> {
  const client = knex({
    client: 'pg',
    connection: `${postgresConnectionString()}/${database}`,
  });
  try {
    return await work(client);
  } finally {
    await client.destroy();
  }
}

export interface ConsumerBackend {
  url: string;
  /** The backend's npm project. */
  project: ConsumerProject;
  database: string;
  log: () => string;
  /** GET or POST against the backend with the CI token, answering status and JSON body. */
  call: (
    path: string,
    init?: { method?: string; body?: unknown },
  ) => Promise<{ status: number; body: any }>;
  stop: () => Promise<void>;
}

export async function startConsumerBackend(options: {
  tarballs: Record<string, string>;
  argoPulseConfig: unknown;
  catalogYaml: string;
}): Promise<ConsumerBackend> {
  const mcp = readmeMcpSteps();
  const project = await createConsumerProject({
    name: 'consumer-backend',
    packageJson: {
      dependencies: {
        '@backstage/backend-defaults': repositoryVersion(
          '@backstage/backend-defaults',
        ),
        '@backstage/plugin-catalog-backend': repositoryVersion(
          '@backstage/plugin-catalog-backend',
        ),
        '@backstage/plugin-permission-backend': repositoryVersion(
          '@backstage/plugin-permission-backend',
        ),
        '@backstage/plugin-permission-backend-module-allow-all-policy':
          '0.2.23',
        '@backstage/plugin-mcp-actions-backend': mcp.version,
        '@argo-pulse/backstage-plugin-backend': `file:${options.tarballs['@argo-pulse/backstage-plugin-backend']}`,
        '@argo-pulse/backstage-plugin-common': `file:${options.tarballs['@argo-pulse/backstage-plugin-common']}`,
        pg: repositoryVersion('pg'),
      },
      devDependencies: {
        tsx: repositoryVersion('tsx'),
        typescript: repositoryVersion('typescript'),
        '@types/node': repositoryVersion('@types/node'),
      },
      // The README's first install line for npm: -common from the tarball, never a registry.
      overrides: {
        '@argo-pulse/backstage-plugin-common': `file:${options.tarballs['@argo-pulse/backstage-plugin-common']}`,
      },
    },
    files: {
      // The README's minimal backend, with its MCP line where it says: before backend.start().
      'src/index.ts': readmeBlock('createBackend()').replace(
        'backend.start();',
        `${mcp.backendLine}\nbackend.start();`,
      ),
      'catalog.yaml': options.catalogYaml,
      'tsconfig.json': JSON.stringify({
        compilerOptions: {
          module: 'ESNext',
          moduleResolution: 'Bundler',
          target: 'ES2022',
          strict: true,
          skipLibCheck: true,
          noEmit: true,
        },
        include: ['src'],
      }),
    },
  });
  // The README's code type-checks against the published declarations.
  await run('npx', ['tsc', '-p', '.'], { cwd: project.dir });

  const database = `argo_pulse_consumer_${process.pid}_${Date.now()}`;
  await onPostgres('postgres', client =>
    client.raw(`CREATE DATABASE ${database}`),
  );
  const port = await freePort();
  const url = `http://localhost:${port}`;
  const postgres = new URL(postgresConnectionString());
  const config = {
    backend: {
      baseUrl: url,
      listen: { port },
      database: {
        client: 'pg',
        pluginDivisionMode: 'schema',
        connection: {
          host: postgres.hostname,
          port: Number(postgres.port || 5432),
          user: decodeURIComponent(postgres.username),
          password: decodeURIComponent(postgres.password),
          database,
        },
      },
      auth: {
        externalAccess: [
          {
            type: 'static',
            options: { token: CI_TOKEN, subject: 'consumer-ci' },
          },
          ...mcp.config.backend.auth.externalAccess,
        ],
      },
      actions: mcp.config.backend.actions,
    },
    mcpActions: mcp.config.mcpActions,
    catalog: {
      rules: [{ allow: ['Component', 'Location'] }],
      locations: [{ type: 'file', target: join(project.dir, 'catalog.yaml') }],
    },
    permission: { enabled: true },
    argoPulse: options.argoPulseConfig,
  };
  const configFile = join(project.dir, 'app-config.yaml');
  writeFileSync(configFile, stringify(config));

  let log = '';
  const child: ChildProcess = spawn(
    'npx',
    ['tsx', 'src/index.ts', '--config', configFile],
    {
      cwd: project.dir,
      env: { ...process.env, NODE_ENV: 'production', MCP_TOKEN },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  child.stdout!.on('data', chunk => (log += chunk));
  child.stderr!.on('data', chunk => (log += chunk));
  const exited = new Promise<void>(r => child.on('exit', () => r()));

  const call = async (
    path: string,
    init: { method?: string; body?: unknown } = {},
  ) => {
    const response = await fetch(`${url}${path}`, {
      method: init.method ?? 'GET',
      headers: {
        Authorization: `Bearer ${CI_TOKEN}`,
        ...(init.body ? { 'Content-Type': 'application/json' } : {}),
      },
      body: init.body ? JSON.stringify(init.body) : undefined,
    });
    return {
      status: response.status,
      body: await response.json().catch(() => undefined),
    };
  };
  const stop = async () => {
    if (child.exitCode === null) {
      child.kill('SIGTERM');
      await Promise.race([exited, new Promise(r => setTimeout(r, 10_000))]);
      if (child.exitCode === null) child.kill('SIGKILL');
    }
    await onPostgres('postgres', client =>
      client.raw(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`),
    );
    project.remove();
  };
  try {
    await waitFor(
      'the consumer backend answering',
      async () => (await call('/api/argo-pulse/health')).status === 200,
      120_000,
    );
  } catch (error) {
    await stop();
    throw new Error(
      `${(error as Error).message}\n--- consumer backend log ---\n${log.slice(
        -6000,
      )}`,
    );
  }
  return { url, project, database, log: () => log, call, stop };
}

/** The Argo Pulse migrations the consumer backend ran, read from its own database. */
export function appliedMigrations(database: string): Promise<string[]> {
  return onPostgres(database, async client => {
    const rows: Array<{ name: string }> = await client
      .withSchema('argo-pulse')
      .select('name')
      .from('argo_pulse_knex_migrations')
      .orderBy('id');
    return rows.map(row => row.name);
  });
}
