import {
  ARGOCD_APPLICATION_SET_LABEL,
  type ArgoCdApplicationSet,
  type ArgoPulseApplicationSet,
  type ArgoPulseApplicationSetApplication,
} from '@argo-pulse/backstage-plugin-common';
import type { ArgoCdClient } from '../argocd/ArgoCdClient';
import { isRefusal } from '../argocd/ArgoCdRequestError';
import type { ArgoPulseStore } from '../database/ArgoPulseStore';

/** Argo CD's names are at most 253 characters; anything longer is not one, and is not stored. */
const MAX_NAME = 253;

/** One generated application as the ApplicationSet's status reports it. */
function generatedApplication(
  status: NonNullable<
    NonNullable<ArgoCdApplicationSet['status']>['applicationStatus']
  >[number],
): ArgoPulseApplicationSetApplication {
  const step = Number(status.step);
  return {
    name: status.application ?? '',
    ...(status.step && Number.isInteger(step) ? { step } : {}),
    ...(status.status ? { status: status.status } : {}),
    ...(status.message ? { message: status.message } : {}),
  };
}

/**
 * What Argo Pulse keeps of an ApplicationSet: its health (3.4+), its rolling
 * sync's step count, and its applications, with their step and status where
 * a progressive sync reports them (`status.applicationStatus`), else as
 * `status.resources` lists them.
 */
export function toApplicationSet(
  instance: string,
  set: ArgoCdApplicationSet,
  observedAt: string,
): ArgoPulseApplicationSet {
  const status = set.status ?? {};
  const strategy = set.spec?.strategy;
  const steps =
    strategy?.type === 'RollingSync'
      ? strategy.rollingSync?.steps?.length
      : undefined;
  const reported = (status.applicationStatus ?? [])
    .filter(a => a.application)
    .map(generatedApplication);
  const listed = (status.resources ?? [])
    .filter(r => r.kind === 'Application' && r.name)
    .filter(r => !reported.some(a => a.name === r.name))
    .map(r => ({ name: r.name! }));
  return {
    instance,
    namespace: set.metadata?.namespace ?? '',
    name: set.metadata?.name ?? '',
    ...(status.health?.status
      ? {
          health: {
            status: status.health.status,
            ...(status.health.message
              ? { message: status.health.message }
              : {}),
          },
        }
      : {}),
    ...(steps ? { steps } : {}),
    applications: [...reported, ...listed],
    observedAt,
  };
}

/**
 * Reads an instance's ApplicationSets, once per detail run and only when
 * some application Argo Pulse keeps of it carries an ApplicationSet's label,
 * and stores those that generated such applications. A refusal (the token
 * may not read ApplicationSets) or an older Argo CD leaves the groups
 * without health and steps; it is logged once per run, at debug.
 */
export async function refreshApplicationSets(options: {
  client: ArgoCdClient;
  store: ArgoPulseStore;
  now: () => string;
  signal?: AbortSignal;
}): Promise<'read' | 'none' | 'refused'> {
  const { client, store } = options;
  const instance = client.instanceName;
  const index = await store.listApplicationIndex({ instances: [instance] });
  const wanted = new Set(
    index.flatMap(app => {
      const name = app.labels[ARGOCD_APPLICATION_SET_LABEL];
      return name ? [name] : [];
    }),
  );
  // Stale rows of sets no application names any more are never looked up: no write to clear them.
  if (wanted.size === 0) return 'none';
  let list;
  try {
    list = await client.listApplicationSets({
      signal: options.signal,
      priority: 'detail',
    });
  } catch (error) {
    if (isRefusal(error)) return 'refused';
    throw error;
  }
  const at = options.now();
  const sets = (list.items ?? [])
    .filter(set => wanted.has(set.metadata?.name ?? ''))
    .map(set => toApplicationSet(instance, set, at))
    .filter(
      set => set.name.length <= MAX_NAME && set.namespace.length <= MAX_NAME,
    );
  await store.replaceApplicationSets(instance, sets);
  return 'read';
}
