import type { ArgoCdApplicationSet } from '@argo-pulse/backstage-plugin-common';
import type { ScenarioApplicationSet } from '../scenario/applicationSetSchema';

/** One entry of `status.applicationStatus`. */
export type ApplicationSetApplicationStatus = NonNullable<
  NonNullable<ArgoCdApplicationSet['status']>['applicationStatus']
>[number];

/** What progressive sync looks at in one application of the set. */
export interface MemberState {
  name: string;
  labels: Record<string, string>;
  health: string;
  sync: string;
  /** `status.operationState.phase`. */
  operationPhase?: string;
  /** The phase of a simulator rollout still under way (`out-of-sync`, `syncing`, …). */
  rolloutPhase?: string;
  /** Whether the simulator ever rolled the application out (its status came from Progressing). */
  rolledOut: boolean;
  /** `status.sync.revision(s)`: what `targetrevisions` records. */
  revisions: string[];
  /** The last time its health or operation changed (RFC 3339). */
  changedAt?: string;
}

type RollingSyncStep = NonNullable<
  ScenarioApplicationSet['rollingSync']
>['steps'][number];

const MESSAGES = {
  Waiting: 'Application has pending changes, setting status to Waiting.',
  Pending:
    'Application moved to Pending status, watching for the Application resource to start Progressing.',
  Progressing:
    'Application resource became Progressing, updating status from Pending to Progressing.',
  HealthyAfterRollout:
    'Application resource became Healthy, updating status from Progressing to Healthy.',
  HealthyAlready:
    'Application resource is already Healthy, updating status from Waiting to Healthy.',
};

/** The index of the first step whose every expression matches the labels, or -1. */
export function stepOf(
  labels: Record<string, string>,
  steps: RollingSyncStep[],
): number {
  return steps.findIndex(step =>
    step.matchExpressions.every(({ key, operator, values }) => {
      const value = labels[key];
      const inValues = value !== undefined && values.includes(value);
      return operator === 'In' ? inValues : !inValues;
    }),
  );
}

/** Synced, Healthy and not being rolled out: what lets the next step start. */
function isSettled(member: MemberState): boolean {
  return (
    member.health === 'Healthy' &&
    member.sync !== 'OutOfSync' &&
    member.operationPhase !== 'Running' &&
    member.rolloutPhase === undefined
  );
}

/** The status an application of a started step has, from its own state. */
function ownStatus(member: MemberState): { status: string; message: string } {
  if (isSettled(member))
    return {
      status: 'Healthy',
      message: member.rolledOut
        ? MESSAGES.HealthyAfterRollout
        : MESSAGES.HealthyAlready,
    };
  const syncNotBegun =
    member.rolloutPhase === 'out-of-sync' ||
    (member.sync === 'OutOfSync' && member.operationPhase !== 'Running');
  if (syncNotBegun) return { status: 'Pending', message: MESSAGES.Pending };
  return { status: 'Progressing', message: MESSAGES.Progressing };
}

/** `maxUpdate` for a step of `total` applications (Kubernetes' scaled IntOrString, at least 1 for a percentage above 0). */
function maxUpdateOf(step: RollingSyncStep, total: number): number {
  const { maxUpdate } = step;
  if (maxUpdate === undefined) return total;
  if (typeof maxUpdate === 'number') return maxUpdate;
  const percent = parseInt(maxUpdate, 10);
  const scaled = Math.floor((percent * total) / 100);
  return percent > 0 ? Math.max(1, scaled) : scaled;
}

function latest(times: Array<string | undefined>): string | undefined {
  return times
    .filter((t): t is string => !!t)
    .sort()
    .pop();
}

/**
 * `status.applicationStatus` of a RollingSync ApplicationSet, derived from its applications'
 * state at the time of the read (the simulator's rendering of Argo CD's
 * `updateApplicationSetApplicationStatus`):
 *
 * - Steps go in order. A step starts once every application of the steps before it is settled
 *   (Healthy, Synced, no operation or simulator rollout running); until then its applications
 *   are `Waiting`, whatever their own state, as after a change of the ApplicationSet that
 *   reaches all of them.
 * - In a started step, an application is `Healthy` when settled, `Pending` when its change has
 *   not begun syncing (a rollout at `out-of-sync`, or OutOfSync without an operation), else
 *   `Progressing` (syncing, or not Healthy yet: Argo CD waits on it until it is). At most
 *   `maxUpdate` of a step's applications (by name) are Pending or Progressing; the rest wait.
 * - An application no step selects is outside the rollout (Argo CD never syncs it): Healthy when
 *   settled, else Waiting; Argo CD still reports it as step "1".
 */
export function rollingSyncStatus(
  members: MemberState[],
  steps: RollingSyncStep[],
): ApplicationSetApplicationStatus[] {
  const byStep = steps.map(() => [] as MemberState[]);
  const unmatched: MemberState[] = [];
  for (const member of [...members].sort((a, b) =>
    a.name.localeCompare(b.name),
  )) {
    const index = stepOf(member.labels, steps);
    (index < 0 ? unmatched : byStep[index]).push(member);
  }
  const statuses = new Map<string, ApplicationSetApplicationStatus>();
  const entry = (
    member: MemberState,
    step: number,
    status: { status: string; message: string },
    changedAt: string | undefined,
  ) =>
    statuses.set(member.name, {
      application: member.name,
      ...(changedAt ? { lastTransitionTime: changedAt } : {}),
      message: status.message,
      status: status.status,
      step: String(step + 1),
      targetrevisions: member.revisions,
    });

  let blockedSince: string | undefined;
  let blocked = false;
  byStep.forEach((stepMembers, index) => {
    let updating = 0;
    const maxUpdate = maxUpdateOf(steps[index], stepMembers.length);
    for (const member of stepMembers) {
      let status = blocked
        ? { status: 'Waiting', message: MESSAGES.Waiting }
        : ownStatus(member);
      if (status.status === 'Pending' || status.status === 'Progressing') {
        if (updating >= maxUpdate)
          status = { status: 'Waiting', message: MESSAGES.Waiting };
        else updating++;
      }
      const changedAt = blocked
        ? latest([member.changedAt, blockedSince])
        : member.changedAt;
      entry(member, index, status, changedAt);
    }
    blockedSince = latest([blockedSince, ...stepMembers.map(m => m.changedAt)]);
    if (stepMembers.some(m => statuses.get(m.name)!.status !== 'Healthy'))
      blocked = true;
  });
  for (const member of unmatched) {
    const status = isSettled(member)
      ? ownStatus(member)
      : { status: 'Waiting', message: MESSAGES.Waiting };
    entry(member, 0, status, member.changedAt);
  }
  return members.map(m => statuses.get(m.name)!);
}
