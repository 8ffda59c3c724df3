import { ConfigReader } from '@backstage/config';
import type { JsonObject } from '@backstage/types';
import { environmentOf, readEnvironments } from './readEnvironments';

const INSTANCES = ['dev', 'staging', 'prod-eu', 'prod-us'];
const read = (environments: JsonObject[]) =>
  readEnvironments(new ConfigReader({ environments }), INSTANCES);

describe('argoPulse.environments', () => {
  const environments = read([
    { name: 'dev', instances: ['dev'] },
    {
      name: 'staging',
      instances: ['staging'],
      destinations: [{ instance: 'prod-eu', namespace: '*-canary' }],
    },
    { name: 'prod', instances: ['prod-eu', 'prod-us'] },
  ]);

  it.each([
    [{ instance: 'dev', destinationNamespace: 'payments' }, 'dev'],
    [
      { instance: 'prod-eu', destinationNamespace: 'payments-canary' },
      'staging',
    ],
    [{ instance: 'prod-eu', destinationNamespace: 'payments' }, 'prod'],
    [{ instance: 'prod-us' }, 'prod'],
    [{ instance: 'elsewhere', destinationNamespace: 'payments' }, undefined],
  ])(
    '%o is in %s (the first environment that holds it, in order)',
    (app, expected) => {
      expect(environmentOf(environments, app)).toBe(expected);
    },
  );

  it('is empty when not configured', () => {
    expect(readEnvironments(new ConfigReader({}), INSTANCES)).toEqual([]);
  });

  it.each([
    [
      [{ name: 'prod', instances: ['prod'] }],
      'argoPulse.environments[0].instances[0]\': "prod" is not one of argoPulse.instances',
    ],
    [
      [{ name: 'prod' }],
      "argoPulse.environments[0]': give instances, destinations, or both",
    ],
    [
      [
        { name: 'prod', instances: ['prod-eu'] },
        { name: 'prod', instances: ['prod-us'] },
      ],
      'argoPulse.environments[1].name\': "prod" is used by another environment',
    ],
    [
      [{ name: ' ', instances: ['dev'] }],
      "argoPulse.environments[0].name': must not be empty",
    ],
    [
      [
        {
          name: 'canary',
          destinations: [{ instance: 'nowhere', namespace: 'x' }],
        },
      ],
      'argoPulse.environments[0].destinations[0].instance\': "nowhere" is not one of argoPulse.instances',
    ],
  ])('refuses %j, naming the key', (environmentsConfig, message) => {
    expect(() => read(environmentsConfig as JsonObject[])).toThrow(message);
  });
});
