// What a fault-suite backend says of its Argo CD instances (GET /instances), and waiting on it.
import type {
  ArgoPulseInstanceStatus,
  InstancesResponse,
} from '@argo-pulse/backstage-plugin-common';
import type { RunningSimulator } from '@argo-pulse/argocd-simulator';
import { waitFor } from '@argo-pulse/test-support';
import type { BackendProcess } from './backendProcess';

/** Whether an ISO time is later than `since` (milliseconds). */
export const isAfter = (time: string | undefined, since: number) =>
  time !== undefined && Date.parse(time) > since;

/** Every configured instance's status; throws unless the backend answers 200. */
export async function instanceStatuses(
  backend: BackendProcess,
): Promise<ArgoPulseInstanceStatus[]> {
  const { status, body } = await backend.call('/instances');
  if (status !== 200) throw new Error(`GET /instances answered ${status}`);
  return (body as InstancesResponse).instances;
}

/** One instance's status. */
export async function instanceStatus(
  backend: BackendProcess,
  name: string,
): Promise<ArgoPulseInstanceStatus> {
  const found = (await instanceStatuses(backend)).find(
    i => i.instance === name,
  );
  if (!found) throw new Error(`GET /instances has no instance "${name}"`);
  return found;
}

/** The instances whose last poll succeeded. */
export async function healthyInstances(
  backend: BackendProcess,
): Promise<string[]> {
  return (await instanceStatuses(backend))
    .filter(i => i.lastSuccessAt && !i.error)
    .map(i => i.instance);
}

/** Waits for a backend's first successful poll of an instance. */
export const firstPoll = (backend: BackendProcess, name: string) =>
  waitFor(
    `a first poll of ${name}`,
    async () => Boolean((await instanceStatus(backend, name)).lastSuccessAt),
    30_000,
  );

/** Clears an instance's faults in the simulator, and lets it take the sessions and tokens it expired. */
export function clearFaults(simulator: RunningSimulator, name: string): void {
  simulator.instance(name).faults.clear();
  simulator.instance(name).sessions.restore();
}

/** Clears an instance's faults in the simulator and waits for its first successful poll after. */
export async function clearFaultsAndRecover(
  backend: BackendProcess,
  simulator: RunningSimulator,
  name: string,
  withinMs: number,
): Promise<void> {
  const cleared = Date.now();
  clearFaults(simulator, name);
  await waitFor(
    `${name} to recover`,
    async () => {
      const s = await instanceStatus(backend, name);
      return isAfter(s.lastSuccessAt, cleared) && !s.error;
    },
    withinMs,
  );
}
