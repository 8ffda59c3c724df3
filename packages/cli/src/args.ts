import { parseArgs } from 'node:util';
import { CliError, EXIT } from './exitCodes';

export const USAGE = `usage:
  argo-pulse expect --entity <ref> --image <repo:tag> [--image …] [options]
  argo-pulse status <id> [--wait]
  argo-pulse cancel <id>
  argo-pulse list --entity <ref> [--state pending,failed] [--limit 20]

connection (or ARGO_PULSE_URL / ARGO_PULSE_TOKEN):
  --url <backstage base URL>     e.g. https://backstage.example.com (not an /api/… path, not Argo CD's URL)
  --token <token>                a Backstage external access token

expect:
  --entity <ref>                 component:default/payments-api (kind and namespace optional)
  --image <reference>            repeatable: ghcr.io/acme/api:1.2.3, repo@sha256:…
  --instance <name>              repeatable: only the entity's applications in these Argo CD instances
  --application <instance/name>  one application (of the entity, or on its own without --entity)
  --timeout <duration>           90s, 10m, 1h (default: the server's)
  --revision <sha>               the git revision that changes the images
  --author <name>  --run-url <url>  --idempotency-key <key>

  --wait                         wait for the verdict, printing progress
  --interval <duration>          how often to ask while waiting (default 5s)

exit codes: 0 deployed, 1 failed, 2 timed out, 3 usage or input error, 4 Backstage unreachable or unauthorized,
  5 still pending (status without --wait)`;

export interface Connection {
  url: string;
  token: string;
}

export type Command =
  | { kind: 'help' }
  | {
      kind: 'expect';
      connection: Connection;
      body: Record<string, unknown>;
      idempotencyKey?: string;
      wait: boolean;
      intervalMs: number;
    }
  | {
      kind: 'status';
      connection: Connection;
      id: string;
      wait: boolean;
      intervalMs: number;
    }
  | { kind: 'cancel'; connection: Connection; id: string }
  | {
      kind: 'list';
      connection: Connection;
      entity: EntityPath;
      states?: string;
      limit: number;
    };

/** An entity reference as the backend's routes name it. */
export interface EntityPath {
  kind: string;
  namespace: string;
  name: string;
}

const usage = (problem: string) =>
  new CliError(EXIT.usage, `${problem}\n\n${USAGE}`);

/** `[kind:][namespace/]name`, with the catalog's defaults (component, default). */
export function parseEntityRef(text: string): EntityPath {
  const match = /^(?:([^:/]+):)?(?:([^:/]+)\/)?([^:/]+)$/.exec(text.trim());
  if (!match)
    throw usage(`--entity must be [kind:][namespace/]name, not "${text}"`);
  return {
    kind: (match[1] ?? 'component').toLocaleLowerCase('en-US'),
    namespace: match[2] ?? 'default',
    name: match[3],
  };
}

/** "90s", "10m", "1h", or plain seconds, as seconds. */
export function parseDuration(text: string, option: string): number {
  const match = /^(\d+)\s*(s|m|h)?$/.exec(text.trim());
  if (!match)
    throw usage(
      `--${option} must be a duration such as 90s, 10m or 1h, not "${text}"`,
    );
  const seconds =
    Number(match[1]) *
    { s: 1, m: 60, h: 3600 }[(match[2] ?? 's') as 's' | 'm' | 'h'];
  if (seconds <= 0) throw usage(`--${option} must be longer than zero`);
  return seconds;
}

function connectionFrom(
  values: { url?: string; token?: string },
  env: NodeJS.ProcessEnv,
): Connection {
  const url = values.url ?? env.ARGO_PULSE_URL;
  const token = values.token ?? env.ARGO_PULSE_TOKEN;
  if (!url) throw usage('give --url or set ARGO_PULSE_URL');
  if (!token) throw usage('give --token or set ARGO_PULSE_TOKEN');
  if (!URL.canParse(url)) throw usage(`--url must be a URL, not "${url}"`);
  // The CLI adds /api/argo-pulse itself: a URL with an API path in it is a common slip.
  if (/\/api(\/|$)/.test(new URL(url).pathname)) {
    throw usage(
      `--url must be Backstage's base URL, without an API path: "${url.replace(
        /\/api(\/.*)?$/,
        '',
      )}", not "${url}"`,
    );
  }
  return { url: url.replace(/\/+$/, ''), token };
}

/** Reads the command line (and the environment for the connection). */
export function parseCommand(argv: string[], env: NodeJS.ProcessEnv): Command {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        url: { type: 'string' },
        token: { type: 'string' },
        entity: { type: 'string' },
        image: { type: 'string', multiple: true },
        instance: { type: 'string', multiple: true },
        application: { type: 'string' },
        timeout: { type: 'string' },
        revision: { type: 'string' },
        author: { type: 'string' },
        'run-url': { type: 'string' },
        'idempotency-key': { type: 'string' },
        wait: { type: 'boolean', default: false },
        interval: { type: 'string', default: '5s' },
        state: { type: 'string' },
        limit: { type: 'string', default: '20' },
        help: { type: 'boolean', short: 'h', default: false },
      },
    });
  } catch (error) {
    throw usage((error as Error).message);
  }
  const { values, positionals } = parsed;
  const [command, ...rest] = positionals;
  if (values.help || !command) return { kind: 'help' };
  const intervalMs = parseDuration(values.interval, 'interval') * 1000;

  /** The one expectation id that status and cancel take (checked before the connection). */
  const expectationId = () => {
    if (rest.length !== 1) throw usage(`${command} takes one expectation id`);
    return rest[0];
  };
  if (command === 'status')
    return {
      kind: 'status',
      id: expectationId(),
      connection: connectionFrom(values, env),
      wait: values.wait,
      intervalMs,
    };
  if (command === 'cancel')
    return {
      kind: 'cancel',
      id: expectationId(),
      connection: connectionFrom(values, env),
    };
  if (command === 'list') {
    if (!values.entity) throw usage('list needs --entity');
    const limit = Number(values.limit);
    if (!Number.isInteger(limit) || limit < 1 || limit > 100)
      throw usage(
        `--limit must be a whole number from 1 to 100, not "${values.limit}"`,
      );
    return {
      kind: 'list',
      connection: connectionFrom(values, env),
      entity: parseEntityRef(values.entity),
      ...(values.state ? { states: values.state } : {}),
      limit,
    };
  }
  if (command !== 'expect') throw usage(`unknown command "${command}"`);
  if (rest.length) throw usage(`unexpected argument "${rest[0]}"`);
  if (!values.image?.length) throw usage('give at least one --image');
  if (!values.entity && !values.application)
    throw usage('give --entity, --application, or both');
  const application = values.application
    ? parseApplication(values.application)
    : undefined;
  const body = {
    ...(values.entity ? { entityRef: values.entity } : {}),
    ...(values.instance ? { instances: values.instance } : {}),
    ...(application ? { application } : {}),
    images: values.image,
    ...(values.timeout
      ? { timeoutSeconds: parseDuration(values.timeout, 'timeout') }
      : {}),
    ...(values.revision ? { revision: values.revision } : {}),
    ...(values.author ? { author: values.author } : {}),
    ...(values['run-url'] ? { runUrl: values['run-url'] } : {}),
  };
  return {
    kind: 'expect',
    connection: connectionFrom(values, env),
    body,
    idempotencyKey: values['idempotency-key'],
    wait: values.wait,
    intervalMs,
  };
}

function parseApplication(text: string): { instance: string; name: string } {
  const [instance, name, ...extra] = text.split('/');
  if (!instance || !name || extra.length)
    throw usage(`--application must be <instance>/<name>, not "${text}"`);
  return { instance, name };
}
