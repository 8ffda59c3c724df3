import { parseScenario } from './loadScenario';

const app = (name: string, labels: Record<string, string> = {}) => ({
  name,
  labels,
  destination: { namespace: name },
  sources: [{ repoURL: 'https://x' }],
  images: [`${name}:1`],
});

const LABEL = 'argocd.argoproj.io/application-set-name';

describe('applicationSets in a scenario', () => {
  it('fills in defaults', () => {
    const scenario = parseScenario({
      instances: [
        {
          name: 'one',
          applicationSets: [{ name: 'shop' }],
          applications: [app('a', { [LABEL]: 'shop' })],
        },
      ],
    });
    expect(scenario.instances[0].applicationSets).toEqual([
      { name: 'shop', project: 'default', labels: {} },
    ]);
  });

  it.each([
    [
      { applications: [app('a', { [LABEL]: 'shop' })] },
      /application "a" is labelled argocd\.argoproj\.io\/application-set-name: shop, but instance "one" declares no ApplicationSet "shop" in namespace "argocd"/,
    ],
    [
      {
        applicationSets: [{ name: 'shop', namespace: 'tenant' }],
        applications: [app('a', { [LABEL]: 'shop' })],
      },
      /declares no ApplicationSet "shop" in namespace "argocd"/,
    ],
    [
      { applicationSets: [{ name: 'shop' }, { name: 'shop' }] },
      /duplicate ApplicationSet "argocd\/shop"/,
    ],
    [
      {
        applicationSets: [
          {
            name: 'shop',
            rollingSync: {
              steps: [
                {
                  matchExpressions: [
                    { key: 'r', operator: 'Exists', values: ['x'] },
                  ],
                },
              ],
            },
          },
        ],
      },
      /operator/,
    ],
    [
      {
        applicationSets: [
          {
            name: 'shop',
            rollingSync: {
              steps: [
                {
                  matchExpressions: [
                    { key: 'r', operator: 'In', values: ['x'] },
                  ],
                  maxUpdate: 'half',
                },
              ],
            },
          },
        ],
      },
      /percentage/,
    ],
  ])('refuses %j with a clear message', (instance, message) => {
    expect(() =>
      parseScenario({ instances: [{ name: 'one', ...instance }] }),
    ).toThrow(message);
  });
});
