import type { DeploymentRecord } from '../database/types';
import { rollbackAvailability, startedBy } from './deploymentOperations';
import type { OperationRecord } from './OperationStore';

const deployment = (
  historyId: number | undefined,
  finishedAt: string,
  extra: Partial<DeploymentRecord> = {},
): DeploymentRecord => ({
  instance: 'prod',
  namespace: 'argocd',
  application: 'payments-api-prod',
  ...(historyId === undefined ? {} : { historyId }),
  revisions: ['abc'],
  sources: [],
  finishedAt,
  images: [],
  imagesSettled: true,
  ...extra,
});

const operation = (
  requestedAt: string,
  extra: Partial<OperationRecord> = {},
): OperationRecord => ({
  id: 1,
  instance: 'prod',
  namespace: 'argocd',
  name: 'payments-api-prod',
  action: 'sync',
  userRef: 'user:default/alice',
  entityRef: 'component:default/payments-api',
  requestedAt,
  outcome: 'started',
  ...extra,
});

describe('whether a deployment can be rolled back to', () => {
  const facts = {
    history: [
      { id: 7, deployedAt: '2026-12-01T10:00:00.000Z' },
      { id: 8, deployedAt: '2026-12-02T10:00:00.000Z' },
    ],
    historyLimit: 10,
    autoSync: false,
  };

  it('is possible for an entry Argo CD still keeps that does not run now', () => {
    expect(
      rollbackAvailability(deployment(7, '2026-12-01T10:00:00.000Z'), facts),
    ).toEqual({ possible: true });
  });

  it.each([
    [
      'an entry Argo CD dropped',
      deployment(6, '2026-11-30T10:00:00.000Z'),
      facts,
      "not in Argo CD's last 10 deployments",
    ],
    [
      'an id of the application before it was re-created (another time)',
      deployment(7, '2025-01-01T10:00:00.000Z'),
      facts,
      "not in Argo CD's last 10 deployments",
    ],
    [
      'the newest entry',
      deployment(8, '2026-12-02T10:00:00.000Z'),
      facts,
      'it runs now',
    ],
    [
      'any entry under auto-sync',
      deployment(7, '2026-12-01T10:00:00.000Z'),
      { ...facts, autoSync: true },
      'auto-sync is on: Argo CD would undo it',
    ],
    [
      'an entry past a limit of 3',
      deployment(6, '2026-11-30T10:00:00.000Z'),
      { ...facts, historyLimit: 3 },
      "not in Argo CD's last 3 deployments",
    ],
  ])('is not possible for %s', (_what, item, f, reason) => {
    expect(rollbackAvailability(item, f)).toEqual({ possible: false, reason });
  });

  it('says nothing of a failed sync, or of an application stored without the facts', () => {
    expect(
      rollbackAvailability(
        deployment(undefined, '2026-12-01T10:00:00.000Z'),
        facts,
      ),
    ).toBeUndefined();
    expect(
      rollbackAvailability(
        deployment(7, '2026-12-01T10:00:00.000Z'),
        undefined,
      ),
    ).toBeUndefined();
  });
});

describe('which operation from Backstage a deployment followed', () => {
  const started = '2026-12-01T10:00:10.000Z';

  it('is the latest sync or rollback on the application within 3 minutes before its start', () => {
    const early = operation('2026-12-01T09:58:00.000Z', { id: 1 });
    const late = operation('2026-12-01T10:00:09.400Z', {
      id: 2,
      action: 'rollback',
    });
    expect(
      startedBy(
        deployment(9, '2026-12-01T10:01:00.000Z', { startedAt: started }),
        [early, late],
      ),
    ).toBe(late);
  });

  it('allows Argo CD a start a few seconds before the request (its clock, its second precision)', () => {
    const op = operation('2026-12-01T10:00:13.000Z');
    expect(
      startedBy(
        deployment(9, '2026-12-01T10:01:00.000Z', { startedAt: started }),
        [op],
      ),
    ).toBe(op);
  });

  it.each([
    [
      'requested more than 3 minutes before',
      operation('2026-12-01T09:57:00.000Z'),
      {},
    ],
    [
      'requested well after it started',
      operation('2026-12-01T10:00:20.000Z'),
      {},
    ],
    [
      'on another application',
      operation('2026-12-01T10:00:05.000Z', { name: 'payments-api-canary' }),
      {},
    ],
    [
      'when Argo CD says auto-sync started it',
      operation('2026-12-01T10:00:05.000Z'),
      { initiatedBy: { automated: true } },
    ],
  ])('is none for an operation %s', (_what, op, extra) => {
    expect(
      startedBy(
        deployment(9, '2026-12-01T10:01:00.000Z', {
          startedAt: started,
          ...extra,
        }),
        [op],
      ),
    ).toBeUndefined();
  });
});
