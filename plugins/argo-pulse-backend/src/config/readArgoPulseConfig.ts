import { ArgoPulseConfigError } from './ArgoPulseConfigError';
import { EnvironmentConfig, readEnvironments } from './readEnvironments';
import { Config, readDurationFromConfig } from '@backstage/config';
import { durationToMilliseconds, HumanDuration } from '@backstage/types';

/** How the backend authenticates to one Argo CD instance. */
export type ArgoCdCredentials =
  | { kind: 'token'; token: string }
  | { kind: 'login'; username: string; password: string };

/** One configured Argo CD instance. */
export interface ArgoCdInstanceConfig {
  name: string;
  /** API base URL without a trailing slash. */
  url: string;
  /** UI base URL for links, without a trailing slash. */
  frontendUrl: string;
  credentials: ArgoCdCredentials;
  /** `poll` lists every interval; `stream` also watches Argo CD's event stream between lists. */
  mode: PollingMode;
}

/** How an instance is watched. */
export type PollingMode = 'poll' | 'stream';

/** The plugin's configuration, validated, with defaults applied. */
export interface ArgoPulseConfig {
  instances: ArgoCdInstanceConfig[];
  polling: {
    frequency: HumanDuration;
    timeout: HumanDuration;
    requestTimeoutMs: number;
    /** The largest answer to one request that is read. */
    maxAnswerBytes: number;
    /** Requests in flight to one instance. */
    concurrency: number;
    /** Requests in flight to all instances together. */
    maxRequestsInFlight: number;
  };
  history: { retention: HumanDuration; settleTimeoutMs: number };
  expectations: ExpectationsConfig;
  /** `argoPulse.environments`, in rollout order; empty when not configured. */
  environments: EnvironmentConfig[];
  /** `argoPulse.insights`: which environments the headline delivery figures cover. */
  insights: { productionEnvironments: string[] };
}

/** `argoPulse.expectations`, in milliseconds. */
export interface ExpectationsConfig {
  /** Deadline of an expectation posted without `timeoutSeconds`. */
  defaultTimeoutMs: number;
  /** The longest `timeoutSeconds` accepted. */
  maxTimeoutMs: number;
  degradedGraceMs: number;
  appMissingGraceMs: number;
  acceptSuspended: boolean;
}

const DEFAULTS = {
  frequency: { seconds: 10 },
  requestTimeout: { seconds: 10 },
  maxAnswerMegabytes: 100,
  concurrency: 4,
  maxRequestsInFlight: 16,
  retention: { days: 90 },
  settleTimeout: { minutes: 10 },
  defaultTimeout: { minutes: 10 },
  maxTimeout: { hours: 24 },
  degradedGrace: { minutes: 2 },
  appMissingGrace: { minutes: 2 },
};

export { ArgoPulseConfigError } from './ArgoPulseConfigError';

function readUrl(
  instance: Config,
  key: string,
  prefix: string,
): string | undefined {
  const value = instance.getOptionalString(key);
  if (value === undefined) return undefined;
  let url: URL;
  // Quoted in errors only without what may be a credential: a password (which may hold a "/")
  // before the last "@", and any query string.
  const shown = value.replace(/\/\/.*@/, '//***@').replace(/\?.*$/, '?***');
  try {
    url = new URL(value);
  } catch {
    throw new ArgoPulseConfigError(
      `${prefix}.${key}`,
      `"${shown}" is not a URL`,
    );
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new ArgoPulseConfigError(
      `${prefix}.${key}`,
      `"${shown}" must be an http or https URL`,
    );
  }
  if (url.username || url.password) {
    throw new ArgoPulseConfigError(
      `${prefix}.${key}`,
      'must not carry a user or password: give token, or username and password, instead',
    );
  }
  if (url.search || url.hash) {
    throw new ArgoPulseConfigError(
      `${prefix}.${key}`,
      'must not carry a query string or fragment (a token there would be sent and shown): give token, or username and password, instead',
    );
  }
  return value.replace(/\/+$/, '');
}

function readCredentials(instance: Config, prefix: string): ArgoCdCredentials {
  const token = instance.getOptionalString('token');
  const username = instance.getOptionalString('username');
  const password = instance.getOptionalString('password');
  if (token && (username || password)) {
    throw new ArgoPulseConfigError(
      prefix,
      'give either token, or username and password, not both',
    );
  }
  // A token pasted with a line break would be sent as an invalid header, and quoted in the error.
  if (token && !/^[\x21-\x7e]+$/.test(token)) {
    throw new ArgoPulseConfigError(
      `${prefix}.token`,
      'must be one line of visible characters (no spaces or line breaks; check how it was pasted)',
    );
  }
  if (token) return { kind: 'token', token };
  if (username && password) return { kind: 'login', username, password };
  if (username || password) {
    throw new ArgoPulseConfigError(
      `${prefix}.${username ? 'password' : 'username'}`,
      'username and password go together',
    );
  }
  throw new ArgoPulseConfigError(
    prefix,
    'needs a token, or a username and password',
  );
}

function readMode(
  config: Config | undefined,
  key: string,
  fallback: PollingMode,
): PollingMode {
  const mode = config?.getOptionalString('mode') ?? fallback;
  if (mode !== 'poll' && mode !== 'stream')
    throw new ArgoPulseConfigError(
      key,
      `must be "poll" or "stream", not "${mode}"`,
    );
  return mode;
}

function readInstance(
  instance: Config,
  index: number,
  defaultMode: PollingMode,
): ArgoCdInstanceConfig {
  const prefix = `argoPulse.instances[${index}]`;
  const name = instance.getString('name');
  if (!/^[a-zA-Z0-9][\w.-]*$/.test(name)) {
    throw new ArgoPulseConfigError(
      `${prefix}.name`,
      `"${name}" may only hold letters, digits, '.', '_' and '-'`,
    );
  }
  const url = readUrl(instance, 'url', prefix);
  if (!url) throw new ArgoPulseConfigError(`${prefix}.url`, 'is required');
  return {
    name,
    url,
    frontendUrl: readUrl(instance, 'frontendUrl', prefix) ?? url,
    credentials: readCredentials(instance, prefix),
    mode: readMode(instance, `${prefix}.mode`, defaultMode),
  };
}

function readDuration(
  config: Config | undefined,
  key: string,
  fallback: HumanDuration,
  path: string,
): HumanDuration {
  if (!config?.has(key)) return fallback;
  let duration: HumanDuration;
  try {
    duration = readDurationFromConfig(config, { key });
  } catch (error) {
    // Backstage names only the relative key ('frequency'); name the full one.
    throw new ArgoPulseConfigError(`${path}.${key}`, (error as Error).message);
  }
  if (durationToMilliseconds(duration) <= 0)
    throw new ArgoPulseConfigError(
      `${path}.${key}`,
      'must be longer than zero',
    );
  return duration;
}

/**
 * Reads `argoPulse` from app-config. Throws, naming the key, on anything
 * that would make the plugin misbehave later: no instances, duplicate
 * names, a bad URL, missing credentials, a non-positive duration.
 */
export function readArgoPulseConfig(root: Config): ArgoPulseConfig {
  const config = root.getOptionalConfig('argoPulse');
  const instanceConfigs = config?.getOptionalConfigArray('instances') ?? [];
  if (instanceConfigs.length === 0) {
    throw new ArgoPulseConfigError(
      'argoPulse.instances',
      'configure at least one Argo CD instance',
    );
  }
  const polling = config?.getOptionalConfig('polling');
  const defaultMode = readMode(polling, 'argoPulse.polling.mode', 'poll');
  const instances = instanceConfigs.map((instance, index) =>
    readInstance(instance, index, defaultMode),
  );
  const seen = new Set<string>();
  instances.forEach((instance, index) => {
    if (seen.has(instance.name)) {
      throw new ArgoPulseConfigError(
        `argoPulse.instances[${index}].name`,
        `"${instance.name}" is used by another instance`,
      );
    }
    seen.add(instance.name);
  });

  const concurrency = readWholeNumber(
    polling,
    'concurrency',
    DEFAULTS.concurrency,
    64,
  );
  const maxRequestsInFlight = readWholeNumber(
    polling,
    'maxRequestsInFlight',
    DEFAULTS.maxRequestsInFlight,
    1024,
  );
  if (maxRequestsInFlight < concurrency) {
    throw new ArgoPulseConfigError(
      'argoPulse.polling.maxRequestsInFlight',
      'must not be smaller than polling.concurrency',
    );
  }
  const frequency = readDuration(
    polling,
    'frequency',
    DEFAULTS.frequency,
    'argoPulse.polling',
  );
  const environments = readEnvironments(
    config,
    instances.map(instance => instance.name),
  );
  return {
    instances,
    polling: {
      frequency,
      // By default a poll may use its whole interval; a larger instance goes on next cycle.
      timeout: readDuration(polling, 'timeout', frequency, 'argoPulse.polling'),
      requestTimeoutMs: durationToMilliseconds(
        readDuration(
          polling,
          'requestTimeout',
          DEFAULTS.requestTimeout,
          'argoPulse.polling',
        ),
      ),
      concurrency,
      maxRequestsInFlight,
      maxAnswerBytes:
        readWholeNumber(
          polling,
          'maxAnswerMegabytes',
          DEFAULTS.maxAnswerMegabytes,
          10_000,
        ) *
        1024 *
        1024,
    },
    history: {
      retention: readDuration(
        config?.getOptionalConfig('history'),
        'retention',
        DEFAULTS.retention,
        'argoPulse.history',
      ),
      settleTimeoutMs: durationToMilliseconds(
        readDuration(
          config?.getOptionalConfig('history'),
          'settleTimeout',
          DEFAULTS.settleTimeout,
          'argoPulse.history',
        ),
      ),
    },
    expectations: readExpectationsConfig(
      config?.getOptionalConfig('expectations'),
    ),
    environments,
    insights: {
      productionEnvironments: readProductionEnvironments(
        config?.getOptionalConfig('insights'),
        environments.length
          ? environments.map(environment => environment.name)
          : instances.map(instance => instance.name),
      ),
    },
  };
}

/**
 * `argoPulse.insights.productionEnvironments`: environments (instances when
 * none are configured) the headline delivery figures cover; default the
 * last in rollout order.
 */
function readProductionEnvironments(
  config: Config | undefined,
  known: string[],
): string[] {
  const key = 'argoPulse.insights.productionEnvironments';
  const names = config?.getOptionalStringArray('productionEnvironments');
  if (!names) return known.slice(-1);
  if (names.length === 0)
    throw new ArgoPulseConfigError(key, 'must name at least one environment');
  for (const name of names)
    if (!known.includes(name))
      throw new ArgoPulseConfigError(
        key,
        `"${name}" is not one of the environments (${known.join(', ')})`,
      );
  return names;
}

function readWholeNumber(
  polling: Config | undefined,
  key: string,
  fallback: number,
  max: number,
): number {
  const value = polling?.getOptionalNumber(key) ?? fallback;
  if (!Number.isInteger(value) || value < 1 || value > max) {
    throw new ArgoPulseConfigError(
      `argoPulse.polling.${key}`,
      `must be a whole number from 1 to ${max}`,
    );
  }
  return value;
}

function readExpectationsConfig(
  config: Config | undefined,
): ExpectationsConfig {
  const path = 'argoPulse.expectations';
  const ms = (
    key: 'defaultTimeout' | 'maxTimeout' | 'degradedGrace' | 'appMissingGrace',
  ) => durationToMilliseconds(readDuration(config, key, DEFAULTS[key], path));
  const result = {
    defaultTimeoutMs: ms('defaultTimeout'),
    maxTimeoutMs: ms('maxTimeout'),
    degradedGraceMs: ms('degradedGrace'),
    appMissingGraceMs: ms('appMissingGrace'),
    acceptSuspended: config?.getOptionalBoolean('acceptSuspended') ?? false,
  };
  if (result.defaultTimeoutMs > result.maxTimeoutMs) {
    throw new ArgoPulseConfigError(
      `${path}.defaultTimeout`,
      'must not be longer than maxTimeout',
    );
  }
  return result;
}
