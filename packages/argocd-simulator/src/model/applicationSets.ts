import type { ArgoCdApplicationSet } from '@argo-pulse/backstage-plugin-common';
import {
  APPLICATION_SET_LABEL,
  applicationSetOf,
  ScenarioApplicationSet,
} from '../scenario/applicationSetSchema';
import { worstHealth } from './healthRollup';
import { k8sTime, uidFor } from './ids';
import { MemberState, rollingSyncStatus } from './progressiveSync';
import { currentRevisions, SimApplication } from './SimApplication';

/** An ApplicationSet of an instance: what the scenario declares, and its fixed identity. */
export interface SimApplicationSet {
  spec: ScenarioApplicationSet;
  namespace: string;
  uid: string;
  creationTimestamp: string;
}

/** Builds an instance's ApplicationSets, created (as its projects) long before anything else. */
export function buildApplicationSets(options: {
  instance: string;
  controllerNamespace: string;
  applicationSets: ScenarioApplicationSet[];
  now: Date;
}): SimApplicationSet[] {
  const created = k8sTime(
    new Date(options.now.getTime() - 90 * 24 * 3600 * 1000),
  );
  return options.applicationSets.map(spec => {
    const namespace = spec.namespace ?? options.controllerNamespace;
    return {
      spec,
      namespace,
      uid: uidFor(options.instance, namespace, 'ApplicationSet', spec.name),
      creationTimestamp: created,
    };
  });
}

/**
 * Gives an application its ApplicationSet's ownerReference, as the ApplicationSet controller
 * does for what it generates. Throws when its label names an ApplicationSet the instance does
 * not declare.
 */
export function adoptApplication(
  app: SimApplication,
  instance: {
    name: string;
    controllerNamespace: string;
    applicationSets: SimApplicationSet[];
  },
): void {
  const { metadata } = app.doc;
  const owner = applicationSetOf(
    {
      name: metadata.name!,
      namespace: metadata.namespace!,
      labels: metadata.labels ?? {},
    },
    {
      name: instance.name,
      namespace: instance.controllerNamespace,
      applicationSets: instance.applicationSets.map(set => ({
        ...set,
        name: set.spec.name,
      })),
    },
  );
  if (owner === undefined) return;
  if (typeof owner === 'string') throw new Error(owner);
  metadata.ownerReferences = [
    {
      apiVersion: 'argoproj.io/v1alpha1',
      kind: 'ApplicationSet',
      name: owner.spec.name,
      uid: owner.uid,
      controller: true,
      blockOwnerDeletion: true,
    },
  ];
}

/** The applications an ApplicationSet owns (those labelled with its name, in its namespace). */
export function membersOf(
  set: SimApplicationSet,
  apps: SimApplication[],
): SimApplication[] {
  return apps.filter(
    app =>
      app.doc.metadata.namespace === set.namespace &&
      app.doc.metadata.labels?.[APPLICATION_SET_LABEL] === set.spec.name,
  );
}

/** `project/name`, or `project/namespace/name` outside the controller's namespace (`ApplicationSet.RBACName`). */
export function applicationSetRbacName(
  set: SimApplicationSet,
  controllerNamespace: string,
): string {
  const { project, name } = set.spec;
  return set.namespace !== controllerNamespace
    ? `${project}/${set.namespace}/${name}`
    : `${project}/${name}`;
}

/** What a simulator rollout says of an application: its phase while under way. */
export type RolloutPhaseOf = (
  app: SimApplication,
) => { phase: string; done: boolean } | undefined;

function memberState(app: SimApplication, rollout: RolloutPhaseOf) {
  const { metadata, status } = app.doc;
  const run = rollout(app);
  const operation = status.operationState;
  return {
    name: metadata.name!,
    labels: metadata.labels ?? {},
    health: status.health?.status ?? 'Unknown',
    sync: status.sync?.status ?? 'Unknown',
    operationPhase: operation?.phase,
    rolloutPhase: run && !run.done ? run.phase : undefined,
    rolledOut: run !== undefined,
    revisions: currentRevisions(app),
    changedAt: [
      status.health?.lastTransitionTime,
      operation?.startedAt,
      operation?.finishedAt,
    ]
      .filter((t): t is string => !!t)
      .sort()
      .pop(),
  } satisfies MemberState;
}

function condition(
  type: string,
  status: 'True' | 'False',
  reason: string,
  message: string,
  lastTransitionTime: string,
) {
  return { lastTransitionTime, message, reason, status, type };
}

/**
 * The ApplicationSet as `GET /api/v1/applicationsets/{name}` answers it, its status derived
 * from its applications now: `health` is the worst of theirs (Argo CD 3.4+), `resources` lists
 * them, and a RollingSync set has `applicationStatus` (see `rollingSyncStatus`) and the
 * `RolloutProgressing` condition.
 */
export function applicationSetDocument(options: {
  set: SimApplicationSet;
  apps: SimApplication[];
  resourceVersion: string;
  rollout: RolloutPhaseOf;
}): ArgoCdApplicationSet & { apiVersion: string; kind: string } {
  const { set, resourceVersion } = options;
  const apps = membersOf(set, options.apps);
  const { spec } = set;
  const members = apps.map(app => memberState(app, options.rollout));
  const steps = spec.rollingSync?.steps;
  const applicationStatus = steps ? rollingSyncStatus(members, steps) : [];
  const created = set.creationTimestamp;
  const rollingOut = applicationStatus.some(s => s.status !== 'Healthy');
  const changed =
    members
      .map(m => m.changedAt)
      .filter((t): t is string => !!t)
      .sort()
      .pop() ?? created;
  const upToDate = 'All applications have been generated successfully';
  return {
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'ApplicationSet',
    metadata: {
      name: spec.name,
      namespace: set.namespace,
      uid: set.uid,
      resourceVersion,
      generation: 1,
      creationTimestamp: created,
      ...(Object.keys(spec.labels).length
        ? { labels: { ...spec.labels } }
        : {}),
    },
    spec: {
      goTemplate: true,
      goTemplateOptions: ['missingkey=error'],
      // The simulator runs no generator: a list of what the scenario labelled stands for it.
      generators: [
        {
          list: {
            elements: apps.map(app => ({ name: app.doc.metadata.name })),
          },
        },
      ] as never,
      template: {
        metadata: { name: '{{.name}}' },
        spec: { project: spec.project, destination: {} },
      },
      ...(steps
        ? {
            strategy: {
              type: 'RollingSync',
              rollingSync: { steps: structuredClone(steps) as never },
            },
          }
        : {}),
    },
    status: {
      ...(applicationStatus.length ? { applicationStatus } : {}),
      conditions: [
        condition(
          'ErrorOccurred',
          'False',
          'ApplicationSetUpToDate',
          upToDate,
          created,
        ),
        condition(
          'ParametersGenerated',
          'True',
          'ParametersGenerated',
          'Successfully generated parameters for all Applications',
          created,
        ),
        condition(
          'ResourcesUpToDate',
          'True',
          'ApplicationSetUpToDate',
          upToDate,
          created,
        ),
        ...(steps
          ? [
              rollingOut
                ? condition(
                    'RolloutProgressing',
                    'True',
                    'ApplicationSetModified',
                    'ApplicationSet Rollout Rollout started',
                    changed,
                  )
                : condition(
                    'RolloutProgressing',
                    'False',
                    'ApplicationSetRolloutComplete',
                    'ApplicationSet Rollout Rollout complete',
                    changed,
                  ),
            ]
          : []),
      ],
      health: { status: worstHealth(members.map(m => m.health)) },
      resources: apps
        .map(app => ({
          group: 'argoproj.io',
          version: 'v1alpha1',
          kind: 'Application',
          name: app.doc.metadata.name,
          namespace: app.doc.metadata.namespace,
          status: app.doc.status.sync?.status,
          health: {
            status: app.doc.status.health?.status,
            ...(app.doc.status.health?.lastTransitionTime
              ? { lastTransitionTime: app.doc.status.health.lastTransitionTime }
              : {}),
          },
        }))
        .sort((a, b) => a.name!.localeCompare(b.name!)),
      resourcesCount: apps.length,
    },
  };
}
