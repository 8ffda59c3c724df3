import { parseArgs } from 'node:util';

const USAGE = `usage: npm run demo:rollout -- <application> <image:tag> [--image <image:tag> …] [--outcome success|sync-failed|sync-error|degraded] [--analysis successful|failed|inconclusive] [--simulator http://127.0.0.1:8081]
       npm run demo:rollout -- promote|abort <application> [--simulator http://127.0.0.1:8081]

Rolls out new images to an application of the running simulator (npm start), through its
control API, with Argo CD's lifecycle: OutOfSync, syncing, Progressing, then Healthy (or the
failure asked for). Example: npm run demo:rollout -- payments-api-prod ghcr.io/acme/payments-api:1.9.0

An application that runs an Argo Rollouts Rollout then walks its steps; --analysis says how its
analysis steps end. "promote" moves a paused Rollout on, "abort" sends its traffic back to the
stable version, as kubectl argo rollouts does. Example: npm run demo:rollout -- promote <application>`;

const COMMANDS = ['promote', 'abort'];

async function call(url: string, init?: RequestInit) {
  const response = await fetch(url, init);
  const body = await response.json().catch(() => ({}));
  if (!response.ok)
    throw new Error(
      `${init?.method ?? 'GET'} ${url}: ${response.status} ${
        typeof body.error === 'string' ? body.error : JSON.stringify(body)
      }`,
    );
  return body;
}

/** The one instance that has the application. */
async function ownerOf(control: string, application: string) {
  const { instances } = (await call(`${control}/instances`)) as {
    instances: Array<{ name: string }>;
  };
  const owners: string[] = [];
  for (const { name } of instances) {
    const { applications } = (await call(
      `${control}/instances/${name}/applications`,
    )) as { applications: string[] };
    if (applications.includes(application)) owners.push(name);
  }
  if (owners.length !== 1)
    throw new Error(
      owners.length
        ? `"${application}" is in several instances: ${owners.join(', ')}`
        : `no instance has an application "${application}"`,
    );
  return owners[0];
}

/** What the answer says of the application's Rollout, if it runs one. */
function describeRollout(status: {
  rollout?: { name: string; phase: string; message?: string; health: string };
}) {
  const rollout = status.rollout;
  if (!rollout) return '';
  const message = rollout.message ? ` (${rollout.message})` : '';
  return `; Rollout ${rollout.name}: ${rollout.phase}${message}, ${rollout.health} in Argo CD`;
}

/** `npm run demo:rollout -- payments-api-prod ghcr.io/acme/payments-api:1.9.0` */
async function main(): Promise<number> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      image: { type: 'string', multiple: true },
      outcome: { type: 'string', default: 'success' },
      analysis: { type: 'string' },
      simulator: { type: 'string', default: 'http://127.0.0.1:8081' },
      help: { type: 'boolean', default: false },
    },
  });
  const command = COMMANDS.includes(positionals[0]) ? positionals.shift() : '';
  const [application, ...images] = positionals;
  const allImages = [...images, ...(values.image ?? [])];
  const complete = command ? allImages.length === 0 : allImages.length > 0;
  if (values.help || !application || !complete) {
    console.log(USAGE);
    return values.help ? 0 : 3;
  }
  const control = `${values.simulator.replace(/\/+$/, '')}/control`;
  const instance = await ownerOf(control, application);
  const path = `${control}/instances/${instance}/applications/${encodeURIComponent(
    application,
  )}`;
  if (command) {
    const status = await call(`${path}/${command}`, { method: 'POST' });
    console.log(
      `${command} ${instance}/${application}: ${status.phase}${describeRollout(
        status,
      )}`,
    );
    return 0;
  }
  const status = await call(`${path}/rollout`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({
      images: allImages,
      outcome: values.outcome,
      ...(values.analysis ? { analysis: values.analysis } : {}),
      author: 'Demo <demo@acme.example>',
      message: `Deploy ${allImages.join(', ')}`,
    }),
  });
  console.log(
    `rolling out ${allImages.join(', ')} to ${instance}/${application} (${
      values.outcome
    }): ${JSON.stringify(status)}`,
  );
  return 0;
}

main().then(
  code => {
    process.exitCode = code;
  },
  error => {
    console.error(`demo:rollout: ${(error as Error).message}`);
    process.exitCode = 1;
  },
);
