import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import {
  ArgoPulseEntityTarget,
  matchesLabelSelector,
  parseLabelSelector,
  readArgoPulseTarget,
} from '@argo-pulse/backstage-plugin-common';
import type { ApplicationIndexEntry } from '../database/types';

/**
 * What an entity's `argocd/*` annotations ask for, read once: nothing, a
 * configuration problem in words, or a target with its selector compiled.
 */
export type EntityTarget =
  | { kind: 'none'; problem: string }
  | { kind: 'invalid'; problem: string }
  | {
      kind: 'target';
      target: ArgoPulseEntityTarget;
      selects: (app: ApplicationIndexEntry) => boolean;
    };

/** The one reader of an entity's Argo CD target in the backend. */
export function readEntityTarget(entity: Entity): EntityTarget {
  const read = readArgoPulseTarget(entity);
  if (read.kind === 'none')
    return {
      kind: 'none',
      problem: `${stringifyEntityRef(
        entity,
      )} has no argocd/app-name or argocd/app-selector annotation`,
    };
  if (read.kind === 'invalid')
    return { kind: 'invalid', problem: read.problem };
  return {
    kind: 'target',
    target: read.target,
    selects: targetSelects(read.target),
  };
}

/**
 * Whether a target selects an application, by what the annotations say of
 * it: its name or labels, project, namespace and, when they name instances,
 * its instance. The selector is parsed once, here, not per application.
 */
export function targetSelects(
  target: ArgoPulseEntityTarget,
): (app: ApplicationIndexEntry) => boolean {
  const selector = target.appSelector
    ? parseLabelSelector(target.appSelector)
    : undefined;
  return app =>
    (!target.appNames || target.appNames.includes(app.name)) &&
    (!selector || matchesLabelSelector(selector, app.labels)) &&
    (!target.instances || target.instances.includes(app.instance)) &&
    (!target.project || app.project === target.project) &&
    (!target.namespace || app.namespace === target.namespace);
}
