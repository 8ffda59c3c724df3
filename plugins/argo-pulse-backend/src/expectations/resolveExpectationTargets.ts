import type { Entity } from '@backstage/catalog-model';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { InputError, NotFoundError } from '@backstage/errors';
import type { ArgoPulseEntityTarget } from '@argo-pulse/backstage-plugin-common';
import type { ArgoPulseStore } from '../database/ArgoPulseStore';
import type { ApplicationKey } from '../database/types';
import { readEntityTarget } from '../entities/entityTarget';
import { resolveEntityApplications } from '../entities/resolveEntityApplications';
import type { ExpectationRequest } from './expectationRequest';
import type { AwaitedApplications } from './types';

const describe = (key: { instance: string; name: string }) =>
  `${key.instance}/${key.name}`;
const list = (names: string[]) => names.map(n => `"${n}"`).join(', ');

/**
 * Nothing in the store matches yet: the application may be new (an
 * ApplicationSet just made it). The route polls the instances concerned
 * once; if they still hold nothing, the expectation is accepted and waits
 * for `awaiting` to appear.
 */
export class ApplicationNotKnownError extends NotFoundError {
  constructor(
    message: string,
    /** The instances a poll could find it in. */
    readonly instances: string[],
    /** What to wait for. */
    readonly awaiting: AwaitedApplications,
  ) {
    super(message);
  }
}

/**
 * What the request asks for as one entity target: the entity's annotations
 * (or, without an entity, the named application), narrowed to the requested
 * instances or application.
 */
function requestedTarget(
  request: ExpectationRequest,
  entityTarget: ArgoPulseEntityTarget | undefined,
): ArgoPulseEntityTarget {
  const app = request.application;
  const base = entityTarget ?? {};
  return {
    ...base,
    ...(request.instances ? { instances: request.instances } : {}),
    ...(app
      ? {
          appNames: [app.name],
          instances: [app.instance],
          ...(app.namespace ? { namespace: app.namespace } : {}),
        }
      : {}),
  };
}

function entityTargetOf(entity: Entity): ArgoPulseEntityTarget {
  const target = readEntityTarget(entity);
  if (target.kind === 'none') throw new InputError(target.problem);
  if (target.kind === 'invalid')
    throw new InputError(`${stringifyEntityRef(entity)}: ${target.problem}`);
  return target.target;
}

/**
 * The applications an expectation waits for: the entity's (all, or those
 * in the named instances, or the one named), or one application alone.
 * Resolved against the store, never Argo CD. Throws a 400 that says why the
 * request cannot be met, or `ApplicationNotKnownError` when nothing matches
 * yet.
 */
export async function resolveExpectationTargets(options: {
  request: ExpectationRequest;
  entity?: Entity;
  store: ArgoPulseStore;
  configuredInstances: string[];
}): Promise<ApplicationKey[]> {
  const { request, entity, store, configuredInstances } = options;
  const unknown = [
    ...(request.instances ?? []),
    ...(request.application ? [request.application.instance] : []),
  ].filter(name => !configuredInstances.includes(name));
  if (unknown.length) {
    throw new InputError(
      `Unknown Argo CD instance ${list(
        unknown,
      )} (configured: ${configuredInstances.join(', ')})`,
    );
  }
  const ref = entity ? stringifyEntityRef(entity) : undefined;
  const entityTarget = entity ? entityTargetOf(entity) : undefined;
  const outside = (request.instances ?? []).filter(
    i => entityTarget?.instances && !entityTarget.instances.includes(i),
  );
  if (outside.length)
    throw new InputError(
      `${ref} has no application in instance ${list(
        outside,
      )}: its argocd/instance-name is ${entityTarget!.instances!.join(', ')}`,
    );
  const target = requestedTarget(request, entityTarget);
  const resolved = await resolveEntityApplications({
    store,
    target,
    configuredInstances,
  });
  const targets = resolved.applications;

  if (targets.length === 0) {
    if (resolved.problem) throw new InputError(`${ref}: ${resolved.problem}`);
    if (entityTarget && request.application) {
      // It exists, but the entity's annotations do not select it: a mistake, not a new application.
      const existing = await store.listApplicationIndex({
        instances: [request.application.instance],
        names: [request.application.name],
      });
      if (existing.length) {
        const own = await resolveEntityApplications({
          store,
          target: entityTarget,
          configuredInstances,
        });
        throw new InputError(
          `${describe(
            request.application,
          )} is not one of the applications of ${ref} (${
            own.applications.map(describe).join(', ') || 'none'
          })`,
        );
      }
    }
    throw notKnown(request, ref, target, resolved.instances);
  }
  if (
    request.application &&
    !request.application.namespace &&
    new Set(targets.map(t => t.namespace)).size > 1
  ) {
    throw new InputError(
      `${describe(
        request.application,
      )} exists in several namespaces: give application.namespace`,
    );
  }
  return targets.map(({ instance, namespace, name }) => ({
    instance,
    namespace,
    name,
  }));
}

function notKnown(
  request: ExpectationRequest,
  ref: string | undefined,
  target: ArgoPulseEntityTarget,
  instances: string[],
): ApplicationNotKnownError {
  if (request.application) {
    const what = describe(request.application);
    return new ApplicationNotKnownError(
      `Argo CD instance "${request.application.instance}" has no application "${request.application.name}" (as of the last poll)`,
      instances,
      {
        target,
        description: what,
      },
    );
  }
  const where = request.instances ? ` in ${request.instances.join(', ')}` : '';
  return new ApplicationNotKnownError(
    `The Argo CD annotations of ${ref} match no application in ${instances.join(
      ', ',
    )} (as of the last poll)`,
    instances,
    {
      target,
      description: `the applications of ${ref}${where}`,
    },
  );
}
