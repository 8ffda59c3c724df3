import type { Entity } from '@backstage/catalog-model';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { InputError, NotFoundError } from '@backstage/errors';
import { readArgoPulseTarget } from '@argo-pulse/backstage-plugin-common';
import type { ArgoPulseStore } from '../database/ArgoPulseStore';
import type { ApplicationKey } from '../database/types';
import { resolveEntityApplications } from '../service/resolveEntityApplications';
import type { ExpectationRequest } from './expectationRequest';

const describe = (key: { instance: string; name: string }) => `${key.instance}/${key.name}`;

/**
 * Nothing in the store matches yet: the application may be new (an
 * ApplicationSet just made it). A 404 a caller may retry; the route polls the
 * instances concerned once before answering it.
 */
export class ApplicationNotKnownError extends NotFoundError {
  constructor(
    message: string,
    /** The instances a poll could find it in. */
    readonly instances: string[],
  ) {
    super(message);
  }
}
const list = (names: string[]) => names.map(n => `"${n}"`).join(', ');

/**
 * The applications an expectation waits for: the entity's (all, or those
 * in the named instances, or the one named), or one application alone.
 * Resolved against the store, never Argo CD. Throws a 400 or 404 that says
 * why nothing matched.
 */
export async function resolveExpectationTargets(options: {
  request: ExpectationRequest;
  entity?: Entity;
  store: ArgoPulseStore;
  configuredInstances: string[];
}): Promise<ApplicationKey[]> {
  const { request, entity, store, configuredInstances } = options;
  const unknown = [...(request.instances ?? []), ...(request.application ? [request.application.instance] : [])].filter(
    name => !configuredInstances.includes(name),
  );
  if (unknown.length) {
    throw new InputError(`Unknown Argo CD instance ${list(unknown)} (configured: ${configuredInstances.join(', ')})`);
  }
  const candidates = entity ? await entityApplications(entity, store, configuredInstances) : await namedApplications(request, store);
  const targets = candidates.filter(
    app =>
      (!request.instances || request.instances.includes(app.instance)) &&
      (!request.application ||
        (app.instance === request.application.instance &&
          app.name === request.application.name &&
          (!request.application.namespace || app.namespace === request.application.namespace))),
  );
  if (targets.length === 0) {
    const ref = entity ? stringifyEntityRef(entity) : '';
    if (request.application) {
      throw new InputError(`${describe(request.application)} is not one of the applications of ${ref} (${candidates.map(describe).join(', ') || 'none'})`);
    }
    throw new ApplicationNotKnownError(`${ref} has no application in instance ${list(request.instances ?? [])} (as of the last poll)`, request.instances ?? []);
  }
  if (request.application && !request.application.namespace && new Set(targets.map(t => t.namespace)).size > 1) {
    throw new InputError(`${describe(request.application)} exists in several namespaces: give application.namespace`);
  }
  return targets.map(({ instance, namespace, name }) => ({ instance, namespace, name }));
}

async function entityApplications(entity: Entity, store: ArgoPulseStore, configuredInstances: string[]): Promise<ApplicationKey[]> {
  const ref = stringifyEntityRef(entity);
  const target = readArgoPulseTarget(entity);
  if (target.kind === 'none') throw new InputError(`${ref} has no argocd/app-name or argocd/app-selector annotation`);
  if (target.kind === 'invalid') throw new InputError(`${ref}: ${target.problem}`);
  const resolved = await resolveEntityApplications({ store, target: target.target, configuredInstances });
  if (resolved.applications.length === 0) {
    if (resolved.problem) throw new InputError(`${ref}: ${resolved.problem}`);
    throw new ApplicationNotKnownError(`The Argo CD annotations of ${ref} match no application in ${resolved.instances.join(', ')} (as of the last poll)`, resolved.instances);
  }
  return resolved.applications;
}

async function namedApplications(request: ExpectationRequest, store: ArgoPulseStore): Promise<ApplicationKey[]> {
  const { instance, name } = request.application!;
  const found = await store.listApplicationIndex({ instances: [instance], names: [name] });
  if (found.length === 0) throw new ApplicationNotKnownError(`Argo CD instance "${instance}" has no application "${name}" (as of the last poll)`, [instance]);
  return found;
}
