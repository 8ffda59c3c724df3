import { ConfigReader } from '@backstage/config';
import type { JsonObject } from '@backstage/types';
import {
  ArgoPulseConfigError,
  readArgoPulseConfig,
} from './readArgoPulseConfig';

const prodEu = {
  name: 'prod-eu',
  url: 'https://argocd.prod-eu.example.com',
  token: 'prod-eu-token',
};

function read(argoPulse: JsonObject) {
  return readArgoPulseConfig(new ConfigReader({ argoPulse }));
}

describe('readArgoPulseConfig', () => {
  it('applies the defaults when only instances are configured', () => {
    expect(read({ instances: [prodEu] })).toEqual({
      instances: [
        {
          name: 'prod-eu',
          url: 'https://argocd.prod-eu.example.com',
          frontendUrl: 'https://argocd.prod-eu.example.com',
          credentials: { kind: 'token', token: 'prod-eu-token' },
          mode: 'poll',
        },
      ],
      polling: {
        frequency: { seconds: 10 },
        timeout: { seconds: 10 },
        requestTimeoutMs: 10_000,
        concurrency: 4,
        maxRequestsInFlight: 16,
        maxAnswerBytes: 100 * 1024 * 1024,
      },
      history: { retention: { days: 90 }, settleTimeoutMs: 600_000 },
      expectations: {
        defaultTimeoutMs: 600_000,
        maxTimeoutMs: 86_400_000,
        degradedGraceMs: 120_000,
        appMissingGraceMs: 120_000,
        acceptSuspended: false,
      },
      // The last environment in rollout order (the one instance, with none configured).
      insights: { productionEnvironments: ['prod-eu'] },
      environments: [],
    });
  });

  it('reads the expectation rules', () => {
    const { expectations } = read({
      instances: [prodEu],
      expectations: {
        defaultTimeout: '5m',
        maxTimeout: { hours: 1 },
        degradedGrace: { seconds: 30 },
        appMissingGrace: 'PT1M',
        acceptSuspended: true,
      },
    });
    expect(expectations).toEqual({
      defaultTimeoutMs: 300_000,
      maxTimeoutMs: 3_600_000,
      degradedGraceMs: 30_000,
      appMissingGraceMs: 60_000,
      acceptSuspended: true,
    });
  });

  it('strips trailing slashes from url and frontendUrl, and keeps a frontendUrl of its own', () => {
    const [instance] = read({
      instances: [
        {
          ...prodEu,
          url: 'https://api.example.com/argocd//',
          frontendUrl: 'https://ui.example.com/',
        },
      ],
    }).instances;
    expect(instance.url).toBe('https://api.example.com/argocd');
    expect(instance.frontendUrl).toBe('https://ui.example.com');
  });

  it('defaults frontendUrl to the url without its trailing slash', () => {
    const [instance] = read({
      instances: [{ ...prodEu, url: 'http://127.0.0.1:8081/instances/prod/' }],
    }).instances;
    expect(instance.frontendUrl).toBe('http://127.0.0.1:8081/instances/prod');
  });

  it('reads a username and password as login credentials', () => {
    const [instance] = read({
      instances: [
        {
          name: 'staging',
          url: 'https://argocd.staging.example.com',
          username: 'argo-pulse',
          password: 's3cret',
        },
      ],
    }).instances;
    expect(instance.credentials).toEqual({
      kind: 'login',
      username: 'argo-pulse',
      password: 's3cret',
    });
  });

  it('keeps several instances in their configured order', () => {
    const config = read({
      instances: [
        prodEu,
        {
          name: 'staging',
          url: 'https://argocd.staging.example.com',
          token: 'staging-token',
        },
      ],
    });
    expect(config.instances.map(i => i.name)).toEqual(['prod-eu', 'staging']);
  });

  it('reads durations given as objects', () => {
    const config = read({
      instances: [prodEu],
      polling: {
        frequency: { minutes: 1 },
        timeout: { minutes: 2 },
        requestTimeout: { seconds: 5 },
        concurrency: 8,
      },
      history: { retention: { days: 30 } },
    });
    expect(config.polling).toEqual({
      frequency: { minutes: 1 },
      timeout: { minutes: 2 },
      requestTimeoutMs: 5_000,
      concurrency: 8,
      maxRequestsInFlight: 16,
      maxAnswerBytes: 100 * 1024 * 1024,
    });
    expect(config.history.retention).toEqual({ days: 30 });
  });

  it('reads the watch mode for all instances, and lets an instance set its own', () => {
    const config = read({
      instances: [prodEu, { ...prodEu, name: 'staging', mode: 'poll' }],
      polling: { mode: 'stream' },
    });
    expect(config.instances.map(i => [i.name, i.mode])).toEqual([
      ['prod-eu', 'stream'],
      ['staging', 'poll'],
    ]);
    expect(read({ instances: [prodEu] }).instances[0].mode).toBe('poll');
    expect(() => read({ instances: [{ ...prodEu, mode: 'watch' }] })).toThrow(
      `Invalid Argo Pulse configuration at 'argoPulse.instances[0].mode': must be "poll" or "stream", not "watch"`,
    );
  });

  it('lets a poll use its whole interval unless a timeout is given', () => {
    expect(
      read({ instances: [prodEu], polling: { frequency: { seconds: 45 } } })
        .polling.timeout,
    ).toEqual({ seconds: 45 });
  });

  it('refuses a total bound on requests in flight below the per-instance one, naming the key', () => {
    expect(() =>
      read({
        instances: [prodEu],
        polling: { concurrency: 8, maxRequestsInFlight: 4 },
      }),
    ).toThrow(
      "Invalid Argo Pulse configuration at 'argoPulse.polling.maxRequestsInFlight': must not be smaller than polling.concurrency",
    );
  });

  it.each([
    ['a short string', '5s', { seconds: 5 }],
    ['an ISO 8601 string', 'PT5S', { seconds: 5 }],
    ['a spelled-out string', '2 minutes', { minutes: 2 }],
  ])('reads a duration given as %s', (_what, frequency, expected) => {
    expect(
      read({ instances: [prodEu], polling: { frequency } }).polling.frequency,
    ).toEqual(expected);
  });

  it('reads the request timeout as milliseconds from a string', () => {
    expect(
      read({ instances: [prodEu], polling: { requestTimeout: '1500ms' } })
        .polling.requestTimeoutMs,
    ).toBe(1_500);
  });

  it('reads the largest answer in megabytes, 100 by default', () => {
    expect(read({ instances: [prodEu] }).polling.maxAnswerBytes).toBe(
      100 * 1024 * 1024,
    );
    expect(
      read({ instances: [prodEu], polling: { maxAnswerMegabytes: 20 } }).polling
        .maxAnswerBytes,
    ).toBe(20 * 1024 * 1024);
  });

  it('reads the production environments of the delivery figures', () => {
    expect(
      read({
        instances: [prodEu, { ...prodEu, name: 'prod-us' }],
        insights: { productionEnvironments: ['prod-eu', 'prod-us'] },
      }).insights.productionEnvironments,
    ).toEqual(['prod-eu', 'prod-us']);
  });

  it('reads the settle timeout of deployments, like every duration', () => {
    expect(
      read({ instances: [prodEu], history: { settleTimeout: 'PT15M' } }).history
        .settleTimeoutMs,
    ).toBe(15 * 60_000);
  });

  it('reads the retention from an ISO 8601 string', () => {
    expect(
      read({ instances: [prodEu], history: { retention: 'P30D' } }).history
        .retention,
    ).toEqual({ days: 30 });
  });

  describe('refuses credentials that would leak, naming the key and never the secret', () => {
    it.each<[string, JsonObject, string, string]>([
      [
        'a token pasted with a line break',
        { ...prodEu, token: 'eyJhbGciOi\nJIUzI1NiJ9.s3cr3t-part' },
        'argoPulse.instances[0].token',
        's3cr3t-part',
      ],
      [
        'a token with a space',
        { ...prodEu, token: 'Bearer s3cr3t-part' },
        'argoPulse.instances[0].token',
        's3cr3t-part',
      ],
      [
        'a url with a user and password',
        { ...prodEu, url: 'https://admin:hunter2-pw@argocd.example.com' },
        'argoPulse.instances[0].url',
        'hunter2-pw',
      ],
      [
        'a frontendUrl with a password',
        { ...prodEu, frontendUrl: 'https://admin:hunter2-pw@ui.example.com' },
        'argoPulse.instances[0].frontendUrl',
        'hunter2-pw',
      ],
      [
        'an unparseable url with a password in it',
        { ...prodEu, url: 'https://admin:hunter2-pw@' },
        'argoPulse.instances[0].url',
        'hunter2-pw',
      ],
      [
        'a url whose password holds a slash',
        { ...prodEu, url: 'https://admin:hun/ter2-pw@argocd.example.com' },
        'argoPulse.instances[0].url',
        'ter2-pw',
      ],
      [
        "a token in the url's query string",
        { ...prodEu, url: 'https://argocd.example.com/?token=s3cr3t-query' },
        'argoPulse.instances[0].url',
        's3cr3t-query',
      ],
      [
        "a token in the frontendUrl's query string",
        { ...prodEu, frontendUrl: 'https://ui.example.com/?auth=s3cr3t-query' },
        'argoPulse.instances[0].frontendUrl',
        's3cr3t-query',
      ],
      [
        'an unparseable url with a query',
        { ...prodEu, url: 'argocd.example.com?token=s3cr3t-query' },
        'argoPulse.instances[0].url',
        's3cr3t-query',
      ],
    ])('%s', (_what, instance, key, secret) => {
      let error: unknown;
      try {
        read({ instances: [instance] });
      } catch (caught) {
        error = caught;
      }
      expect(error).toBeInstanceOf(ArgoPulseConfigError);
      expect((error as Error).message).toContain(`'${key}'`);
      expect((error as Error).message).not.toContain(secret);
    });
  });

  describe('refuses a bad configuration with a message that names the key', () => {
    const both = { ...prodEu, username: 'admin' };
    it.each<[string, JsonObject | undefined, string]>([
      ['no argoPulse section', undefined, 'argoPulse.instances'],
      ['an empty list of instances', { instances: [] }, 'argoPulse.instances'],
      [
        'duplicate instance names',
        { instances: [prodEu, { ...prodEu, token: 'other' }] },
        'argoPulse.instances[1].name',
      ],
      [
        'a name with a space',
        { instances: [{ ...prodEu, name: 'prod eu' }] },
        'argoPulse.instances[0].name',
      ],
      [
        'a missing url',
        { instances: [{ name: 'prod-eu', token: 't' }] },
        'argoPulse.instances[0].url',
      ],
      [
        'a url that is not a URL',
        { instances: [{ ...prodEu, url: 'argocd.example.com' }] },
        'argoPulse.instances[0].url',
      ],
      [
        'an ftp url',
        { instances: [{ ...prodEu, url: 'ftp://argocd.example.com' }] },
        'argoPulse.instances[0].url',
      ],
      [
        'a bad frontendUrl',
        { instances: [{ ...prodEu, frontendUrl: 'not a url' }] },
        'argoPulse.instances[0].frontendUrl',
      ],
      [
        'neither token nor credentials',
        { instances: [{ name: 'prod-eu', url: 'https://a.example.com' }] },
        'argoPulse.instances[0]',
      ],
      [
        'a token together with a username',
        { instances: [prodEu, both] },
        'argoPulse.instances[1]',
      ],
      [
        'a token together with a password',
        { instances: [{ ...prodEu, password: 'pw' }] },
        'argoPulse.instances[0]',
      ],
      [
        'a username without a password',
        {
          instances: [
            {
              name: 'prod-eu',
              url: 'https://a.example.com',
              username: 'admin',
            },
          ],
        },
        'argoPulse.instances[0].password',
      ],
      [
        'a password without a username',
        {
          instances: [
            { name: 'prod-eu', url: 'https://a.example.com', password: 'pw' },
          ],
        },
        'argoPulse.instances[0].username',
      ],
      [
        'a concurrency of 0',
        { instances: [prodEu], polling: { concurrency: 0 } },
        'argoPulse.polling.concurrency',
      ],
      [
        'a fractional concurrency',
        { instances: [prodEu], polling: { concurrency: 1.5 } },
        'argoPulse.polling.concurrency',
      ],
      [
        'a concurrency above 64',
        { instances: [prodEu], polling: { concurrency: 65 } },
        'argoPulse.polling.concurrency',
      ],
      [
        'a zero frequency object',
        { instances: [prodEu], polling: { frequency: { seconds: 0 } } },
        'argoPulse.polling.frequency',
      ],
      [
        'a zero frequency string',
        { instances: [prodEu], polling: { frequency: '0s' } },
        'argoPulse.polling.frequency',
      ],
      [
        'a zero timeout',
        { instances: [prodEu], polling: { timeout: { minutes: 0 } } },
        'argoPulse.polling.timeout',
      ],
      [
        'a zero request timeout',
        { instances: [prodEu], polling: { requestTimeout: 'PT0S' } },
        'argoPulse.polling.requestTimeout',
      ],
      [
        'a zero retention',
        { instances: [prodEu], history: { retention: { days: 0 } } },
        'argoPulse.history.retention',
      ],
      [
        'a zero degraded grace',
        { instances: [prodEu], expectations: { degradedGrace: '0s' } },
        'argoPulse.expectations.degradedGrace',
      ],
      [
        'a default timeout above the maximum',
        {
          instances: [prodEu],
          expectations: {
            defaultTimeout: { hours: 2 },
            maxTimeout: { hours: 1 },
          },
        },
        'argoPulse.expectations.defaultTimeout',
      ],
      [
        'a duration string that is not one',
        { instances: [prodEu], polling: { frequency: 'soon' } },
        'argoPulse.polling.frequency',
      ],
      [
        'a production environment that is not one',
        {
          instances: [prodEu],
          insights: { productionEnvironments: ['production'] },
        },
        'argoPulse.insights.productionEnvironments',
      ],
      [
        'a duration object with an unknown unit',
        { instances: [prodEu], history: { retention: { dayz: 3 } } },
        'argoPulse.history.retention',
      ],
    ])('%s', (_what, argoPulse, key) => {
      const config = new ConfigReader(
        argoPulse === undefined ? {} : { argoPulse },
      );
      expect(() => readArgoPulseConfig(config)).toThrow(`'${key}'`);
    });

    it('throws an ArgoPulseConfigError that says what is wrong', () => {
      const attempt = () =>
        read({ instances: [prodEu, { ...prodEu, token: 'other' }] });
      expect(attempt).toThrow(ArgoPulseConfigError);
      expect(attempt).toThrow(
        `Invalid Argo Pulse configuration at 'argoPulse.instances[1].name': "prod-eu" is used by another instance`,
      );
    });

    it('never repeats a token or password in the message', () => {
      const messages = [
        { ...prodEu, username: 'admin' },
        {
          name: 'x',
          url: 'https://a.example.com',
          password: 'hunter2-password',
        },
        { ...prodEu, url: 'ftp://a.example.com', password: 'hunter2-password' },
      ].map(instance => {
        try {
          read({ instances: [instance] });
        } catch (error) {
          return (error as Error).message;
        }
        throw new Error('expected an error');
      });
      for (const message of messages) {
        expect(message).not.toContain('prod-eu-token');
        expect(message).not.toContain('hunter2-password');
      }
    });
  });
});
