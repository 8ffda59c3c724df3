import type {
  ArgoPulseApplicationOverview,
  EntityApplicationsResponse,
} from '@argo-pulse/backstage-plugin-common';

/** Which of the entity's applications the step waits for. */
export interface ApplicationChoice {
  /** The application's name in Argo CD; any of the entity's when absent. */
  name?: string;
  /** The Argo CD instance; any when absent. */
  instance?: string;
}

/**
 * What one look at the entity's applications found: the applications
 * chosen, once each is Synced and Healthy; otherwise what holds the step,
 * in words.
 */
export type Readiness =
  | { ready: true; applications: ArgoPulseApplicationOverview[] }
  | { ready: false; seen: string };

const isReady = (app: ArgoPulseApplicationOverview) =>
  app.sync.status === 'Synced' && app.health.status === 'Healthy';

/** "application named payments-api-prod in prod", "application in prod", "application": what the step looks for. */
function wanted(choice: ApplicationChoice): string {
  const what = choice.name ? `application named ${choice.name}` : 'application';
  return choice.instance ? `${what} in ${choice.instance}` : what;
}

/**
 * The chosen applications' readiness. Without a name, every application
 * of the entity (in the instance) must be Synced and Healthy, and at least
 * one must exist: a new service's first one counts.
 */
export function readiness(
  answer: EntityApplicationsResponse,
  choice: ApplicationChoice,
): Readiness {
  const chosen = answer.applications.filter(
    app =>
      (!choice.name || app.name === choice.name) &&
      (!choice.instance || app.instance === choice.instance),
  );
  if (chosen.length === 0) {
    const problem = answer.problem ? ` (${answer.problem})` : '';
    return {
      ready: false,
      seen: `${answer.entityRef} has no ${wanted(choice)}${problem}`,
    };
  }
  const waiting = chosen.filter(app => !isReady(app));
  if (waiting.length === 0) return { ready: true, applications: chosen };
  return {
    ready: false,
    seen: waiting
      .map(
        app =>
          `${app.instance}/${app.name} is ${app.sync.status} and ${app.health.status}`,
      )
      .join('; '),
  };
}
