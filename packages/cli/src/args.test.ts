import { parseCommand, parseDuration } from './args';
import { CliError, EXIT } from './exitCodes';

const env = {
  ARGO_PULSE_URL: 'https://backstage.example.com/',
  ARGO_PULSE_TOKEN: 'ci-token',
};

describe('parseCommand', () => {
  it('reads expect with every option, the connection from the environment', () => {
    const command = parseCommand(
      [
        'expect',
        '--entity',
        'payments-api',
        '--image',
        'ghcr.io/acme/api:1.2.3',
        '--image',
        'nginx',
        '--instance',
        'prod',
        '--timeout',
        '15m',
        '--revision',
        'abc1234',
        '--author',
        'Ada',
        '--run-url',
        'https://ci/1',
        '--idempotency-key',
        'k1',
        '--wait',
        '--interval',
        '2s',
      ],
      env,
    );
    expect(command).toEqual({
      kind: 'expect',
      connection: { url: 'https://backstage.example.com', token: 'ci-token' },
      body: {
        entityRef: 'payments-api',
        instances: ['prod'],
        images: ['ghcr.io/acme/api:1.2.3', 'nginx'],
        timeoutSeconds: 900,
        revision: 'abc1234',
        author: 'Ada',
        runUrl: 'https://ci/1',
      },
      idempotencyKey: 'k1',
      wait: true,
      intervalMs: 2000,
    });
  });

  it('lets --url and --token override the environment, and reads --application', () => {
    const command = parseCommand(
      [
        'expect',
        '--application',
        'prod/api-prod',
        '--image',
        'x:1',
        '--url',
        'http://localhost:7007',
        '--token',
        't',
      ],
      env,
    );
    expect(command).toMatchObject({
      connection: { url: 'http://localhost:7007', token: 't' },
      body: { application: { instance: 'prod', name: 'api-prod' } },
      wait: false,
    });
  });

  it('reads status', () => {
    expect(parseCommand(['status', 'e1', '--wait'], env)).toMatchObject({
      kind: 'status',
      id: 'e1',
      wait: true,
    });
  });

  it.each([
    ['no image', ['expect', '--entity', 'x'], /give at least one --image/],
    [
      'neither entity nor application',
      ['expect', '--image', 'x:1'],
      /give --entity, --application, or both/,
    ],
    [
      'a bad application',
      ['expect', '--application', 'prod', '--image', 'x:1'],
      /--application must be <instance>\/<name>/,
    ],
    [
      'a bad timeout',
      ['expect', '--entity', 'x', '--image', 'x:1', '--timeout', 'soon'],
      /--timeout must be a duration/,
    ],
    ['an unknown command', ['deploy'], /unknown command "deploy"/],
    ['an unknown option', ['expect', '--imag', 'x'], /Unknown option '--imag'/],
    ['status without an id', ['status'], /status takes one expectation id/],
  ])('%s: usage error, exit 3', (_what, argv, message) => {
    const attempt = () => parseCommand(argv, env);
    expect(attempt).toThrow(CliError);
    expect(attempt).toThrow(message);
    expect(attempt).toThrow(expect.objectContaining({ exitCode: EXIT.usage }));
  });

  it.each([
    ['no URL', { ARGO_PULSE_TOKEN: 't' }, /give --url or set ARGO_PULSE_URL/],
    [
      'no token',
      { ARGO_PULSE_URL: 'https://b' },
      /give --token or set ARGO_PULSE_TOKEN/,
    ],
    [
      'a URL that is not one',
      { ARGO_PULSE_URL: 'backstage', ARGO_PULSE_TOKEN: 't' },
      /--url must be a URL/,
    ],
  ])('%s: usage error', (_what, environment, message) => {
    expect(() => parseCommand(['status', 'e1'], environment)).toThrow(message);
  });

  it('help', () => {
    expect(parseCommand(['--help'], {})).toEqual({ kind: 'help' });
    expect(parseCommand([], {})).toEqual({ kind: 'help' });
  });
});

describe('parseDuration', () => {
  it.each([
    ['90', 90],
    ['90s', 90],
    ['10m', 600],
    ['1h', 3600],
  ])('%s = %s seconds', (text, seconds) => {
    expect(parseDuration(text, 'timeout')).toBe(seconds);
  });
});
