import { parseArgs } from 'node:util';

const USAGE = `usage: npm run demo:rollout -- <application> <image:tag> [--image <image:tag> …] [--outcome success|sync-failed|sync-error|degraded] [--simulator http://127.0.0.1:8081]

Rolls out new images to an application of the running simulator (npm start), through its
control API, with Argo CD's lifecycle: OutOfSync, syncing, Progressing, then Healthy (or the
failure asked for). Example: npm run demo:rollout -- payments-api-prod ghcr.io/acme/payments-api:1.9.0`;

async function call(url: string, init?: RequestInit) {
  const response = await fetch(url, init);
  const body = await response.json().catch(() => ({}));
  if (!response.ok)
    throw new Error(
      `${init?.method ?? 'GET'} ${url}: ${response.status} ${JSON.stringify(
        body,
      )}`,
    );
  return body;
}

/** `npm run demo:rollout -- payments-api-prod ghcr.io/acme/payments-api:1.9.0` */
async function main(): Promise<number> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      image: { type: 'string', multiple: true },
      outcome: { type: 'string', default: 'success' },
      simulator: { type: 'string', default: 'http://127.0.0.1:8081' },
      help: { type: 'boolean', default: false },
    },
  });
  const [application, ...images] = positionals;
  const allImages = [...images, ...(values.image ?? [])];
  if (values.help || !application || allImages.length === 0) {
    console.log(USAGE);
    return values.help ? 0 : 3;
  }
  const control = `${values.simulator.replace(/\/+$/, '')}/control`;
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
  if (owners.length !== 1) {
    console.error(
      owners.length
        ? `"${application}" is in several instances: ${owners.join(', ')}`
        : `no instance has an application "${application}"`,
    );
    return 3;
  }
  const status = await call(
    `${control}/instances/${owners[0]}/applications/${encodeURIComponent(
      application,
    )}/rollout`,
    {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({
        images: allImages,
        outcome: values.outcome,
        author: 'Demo <demo@acme.example>',
        message: `Deploy ${allImages.join(', ')}`,
      }),
    },
  );
  console.log(
    `rolling out ${allImages.join(', ')} to ${owners[0]}/${application} (${
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
