import { buildVersionMatrix, MatrixApplication } from './versionMatrix';

const REPO = 'ghcr.io/acme/payments-api';
const img = (tag: string) => `${REPO}:${tag}`;
const DIGEST = `sha256:${'ab12'.repeat(16)}`;
const key = (instance: string, name: string) => ({
  instance,
  namespace: 'argocd',
  name,
});
const at = (day: number) =>
  `2026-11-${String(day).padStart(2, '0')}T10:00:00.000Z`;

/** An application in `environment` running `now`, whose history (oldest first here, for reading) ran these versions on these days. */
function app(
  environment: string,
  now: string[],
  history: Array<[number, string[]]> = [],
): MatrixApplication {
  return {
    key: {
      instance: environment,
      namespace: 'argocd',
      name: `payments-api-${environment}`,
    },
    environment,
    images: now,
    history: [...history]
      .reverse()
      .map(([day, images]) => ({ finishedAt: at(day), images })),
  };
}

const ENVIRONMENTS = ['dev', 'staging', 'prod'];

describe('buildVersionMatrix', () => {
  it('a row per repository, a cell per environment in order, with the version and since when it runs', () => {
    const { rows, drift } = buildVersionMatrix(ENVIRONMENTS, [
      app(
        'dev',
        [img('1.3.0'), 'redis:7'],
        [
          [1, [img('1.2.0')]],
          [5, [img('1.3.0')]],
          [6, [img('1.3.0')]],
        ],
      ),
      app(
        'staging',
        [img('1.3.0')],
        [
          [2, [img('1.2.0')]],
          [7, [img('1.3.0')]],
        ],
      ),
      app('prod', [img('1.3.0')], [[8, [img('1.3.0')]]]),
    ]);
    expect(rows.map(r => r.repository)).toEqual([
      'docker.io/library/redis',
      REPO,
    ]);
    expect(rows[1].cells).toEqual([
      {
        environment: 'dev',
        versions: [
          {
            version: '1.3.0',
            image: img('1.3.0'),
            since: at(5),
            applications: [key('dev', 'payments-api-dev')],
          },
        ],
      },
      {
        environment: 'staging',
        versions: [
          {
            version: '1.3.0',
            image: img('1.3.0'),
            since: at(7),
            applications: [key('staging', 'payments-api-staging')],
          },
        ],
      },
      {
        environment: 'prod',
        versions: [
          {
            version: '1.3.0',
            image: img('1.3.0'),
            since: at(8),
            applications: [key('prod', 'payments-api-prod')],
          },
        ],
      },
    ]);
    expect(rows[0].cells.map(c => c.versions.map(v => v.version))).toEqual([
      ['7'],
      [],
      [],
    ]);
    expect(drift).toEqual([]);
  });

  it.each<
    [
      string,
      MatrixApplication[],
      Array<{ environment: string; kind: string; message: string }>,
    ]
  >([
    [
      'prod runs what staging never ran (a hotfix straight to prod)',
      [
        app('staging', [img('1.9.0')], [[1, [img('1.9.0')]]]),
        app(
          'prod',
          [img('1.9.9')],
          [
            [1, [img('1.8.0')]],
            [2, [img('1.9.9')]],
          ],
        ),
      ],
      [
        {
          environment: 'prod',
          kind: 'untested',
          message: 'prod runs 1.9.9, which never ran in staging',
        },
      ],
    ],
    [
      'prod behind staging by the newer versions staging deployed since',
      [
        app(
          'staging',
          [img('1.4.0')],
          [
            [1, [img('1.1.0')]],
            [2, [img('1.2.0')]],
            [3, [img('1.2.0')]],
            [4, [img('1.3.0')]],
            [5, [img('1.4.0')]],
          ],
        ),
        app('prod', [img('1.1.0')], [[2, [img('1.1.0')]]]),
      ],
      [
        {
          environment: 'prod',
          kind: 'behind',
          message: 'prod is 3 deployments behind staging',
        },
      ],
    ],
    [
      'one deployment behind',
      [
        app(
          'staging',
          [img('2.0.0')],
          [
            [1, [img('1.0.0')]],
            [2, [img('2.0.0')]],
          ],
        ),
        app('prod', [img('1.0.0')], [[1, [img('1.0.0')]]]),
      ],
      [
        {
          environment: 'prod',
          kind: 'behind',
          message: 'prod is 1 deployment behind staging',
        },
      ],
    ],
    [
      'a missing environment is skipped: prod is compared with dev when staging runs nothing of it',
      [
        app('dev', [img('1.0.0')], [[1, [img('1.0.0')]]]),
        app(
          'prod',
          [img('0.9.0')],
          [
            [1, [img('0.8.0')]],
            [2, [img('0.9.0')]],
          ],
        ),
      ],
      [
        {
          environment: 'prod',
          kind: 'untested',
          message: 'prod runs 0.9.0, which never ran in dev',
        },
      ],
    ],
    [
      'deployments with unknown images are neither proof nor disproof',
      [
        app(
          'staging',
          [img('1.1.0')],
          [
            [1, []],
            [2, [img('1.1.0')]],
          ],
        ),
        app(
          'prod',
          [img('1.0.0')],
          [
            [2, [img('0.9.0')]],
            [3, []],
            [4, [img('1.0.0')]],
          ],
        ),
      ],
      [
        {
          environment: 'prod',
          kind: 'untested',
          message: 'prod runs 1.0.0, which never ran in staging',
        },
      ],
    ],
    [
      'a promotion chain older than the kept history is no drift: each environment has run its version since its oldest kept deployment',
      [
        app('dev', [img('3.2.1')], [[1, [img('3.2.1')]]]),
        app('staging', [img('3.2.0')], [[1, [img('3.2.0')]]]),
        app('prod', [img('3.1.9')], [[1, [img('3.1.9')]]]),
      ],
      [],
    ],
    [
      "nor when the earlier environment's kept history begins after this one began running the version",
      [
        app('staging', [img('1.9.0')], [[5, [img('1.9.0')]]]),
        app(
          'prod',
          [img('1.9.9')],
          [
            [1, [img('1.8.0')]],
            [2, [img('1.9.9')]],
          ],
        ),
      ],
      [],
    ],
  ])('drift: %s', (_case, apps, expected) => {
    expect(buildVersionMatrix(ENVIRONMENTS, apps).drift).toEqual(
      expected.map(e => expect.objectContaining({ repository: REPO, ...e })),
    );
  });

  it('compares digests when both references have one, and shows a short digest without a tag', () => {
    const pinned = `${REPO}@${DIGEST}`;
    const { rows, drift } = buildVersionMatrix(ENVIRONMENTS, [
      app(
        'staging',
        [`${REPO}:1.0.0@${DIGEST}`],
        [[1, [`${REPO}:1.0.0@${DIGEST}`]]],
      ),
      app('prod', [pinned], [[2, [pinned]]]),
    ]);
    expect(rows[0].cells[2].versions[0].version).toBe('sha256:ab12ab1');
    expect(drift).toEqual([]);
  });

  it('two applications of one environment running the same version share a cell entry; different versions each get one', () => {
    const { rows } = buildVersionMatrix(
      ['prod'],
      [
        {
          ...app('prod', [img('1.0.0')], [[3, [img('1.0.0')]]]),
          key: key('prod-eu', 'payments-api'),
        },
        {
          ...app('prod', [img('1.0.0')], [[2, [img('1.0.0')]]]),
          key: key('prod-us', 'payments-api'),
        },
        {
          ...app('prod', [img('1.1.0')], [[4, [img('1.1.0')]]]),
          key: key('prod-ap', 'payments-api'),
        },
      ],
    );
    expect(rows[0].cells[0].versions).toEqual([
      {
        version: '1.0.0',
        image: img('1.0.0'),
        since: at(2),
        applications: [
          key('prod-eu', 'payments-api'),
          key('prod-us', 'payments-api'),
        ],
      },
      {
        version: '1.1.0',
        image: img('1.1.0'),
        since: at(4),
        applications: [key('prod-ap', 'payments-api')],
      },
    ]);
  });
});
