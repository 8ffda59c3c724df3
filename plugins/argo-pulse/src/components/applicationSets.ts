import type {
  ArgoPulseApplicationOverview,
  ArgoPulseApplicationSet,
} from '@argo-pulse/backstage-plugin-common';

/**
 * What an application's row says about the ApplicationSet that generated it:
 * its name and, in a progressive sync, the application's step and status.
 * Step and status are absent when the backend could not read the
 * ApplicationSet (or it syncs all at once).
 */
export interface GeneratedBy {
  applicationSet: string;
  step?: number;
  status?: string;
  message?: string;
}

/** Applications in the order given, with those of one ApplicationSet together. */
export type ApplicationEntry<T> =
  | { kind: 'application'; row: T }
  | {
      kind: 'applicationSet';
      key: string;
      instance: string;
      name: string;
      /** Absent when the backend sent none for it: the group has no health nor steps. */
      set?: ArgoPulseApplicationSet;
      rows: T[];
    };

/**
 * The ApplicationSet that generated an application: same instance and name.
 * Argo CD creates an ApplicationSet's applications in its own namespace, so
 * one there wins when two namespaces hold a set of that name.
 */
export function applicationSetOf(
  app: ArgoPulseApplicationOverview,
  sets: ArgoPulseApplicationSet[] = [],
): ArgoPulseApplicationSet | undefined {
  if (!app.applicationSet) return undefined;
  const named = sets.filter(
    set => set.instance === app.instance && set.name === app.applicationSet,
  );
  return named.find(set => set.namespace === app.namespace) ?? named[0];
}

/** The application's ApplicationSet and its step and status in it, or undefined when no set generated it. */
export function generatedBy(
  app: ArgoPulseApplicationOverview,
  sets?: ArgoPulseApplicationSet[],
): GeneratedBy | undefined {
  if (!app.applicationSet) return undefined;
  const entry = applicationSetOf(app, sets)?.applications.find(
    a => a.name === app.name,
  );
  return {
    applicationSet: app.applicationSet,
    step: entry?.step,
    status: entry?.status,
    message: entry?.message,
  };
}

/**
 * Where a rolling sync stands: the lowest step whose applications are not
 * all Healthy (`current` undefined once every step is), of how many.
 * Undefined for an ApplicationSet that syncs all at once.
 */
export function rollingSyncStep(
  set: ArgoPulseApplicationSet,
): { current?: number; total: number } | undefined {
  if (set.steps === undefined) return undefined;
  const waiting = set.applications
    .filter(a => a.step !== undefined && a.status !== 'Healthy')
    .map(a => a.step as number);
  return {
    current: waiting.length ? Math.min(...waiting) : undefined,
    total: set.steps,
  };
}

/** A rolling sync in words: "rolling sync: step 1 of 2", or done. */
export function rollingSyncWords(
  set: ArgoPulseApplicationSet,
): string | undefined {
  const step = rollingSyncStep(set);
  if (!step) return undefined;
  if (step.current === undefined) {
    return `rolling sync: done (${step.total} ${
      step.total === 1 ? 'step' : 'steps'
    })`;
  }
  return `rolling sync: step ${step.current} of ${step.total}`;
}

/** An application's step and status in its rolling sync: "step 2 · Waiting". */
export function stepWords(generated: GeneratedBy): string {
  return [
    generated.step !== undefined ? `step ${generated.step}` : undefined,
    generated.status,
  ]
    .filter(Boolean)
    .join(' · ');
}

/**
 * Rows grouped by the ApplicationSet (instance and name) that generated
 * their application. A group takes the place of its first application;
 * the order within and between groups is the order given. Applications no
 * ApplicationSet generated stay single, where they were.
 */
export function groupByApplicationSet<
  T extends { app: ArgoPulseApplicationOverview },
>(rows: T[], sets?: ArgoPulseApplicationSet[]): ApplicationEntry<T>[] {
  const entries: ApplicationEntry<T>[] = [];
  const groups = new Map<string, T[]>();
  for (const row of rows) {
    const { app } = row;
    if (!app.applicationSet) {
      entries.push({ kind: 'application', row });
      continue;
    }
    const key = JSON.stringify([app.instance, app.applicationSet]);
    const group = groups.get(key);
    if (group) {
      group.push(row);
      continue;
    }
    const members = [row];
    groups.set(key, members);
    entries.push({
      kind: 'applicationSet',
      key,
      instance: app.instance,
      name: app.applicationSet,
      set: applicationSetOf(app, sets),
      rows: members,
    });
  }
  return entries;
}
