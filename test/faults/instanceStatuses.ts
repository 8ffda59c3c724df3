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

/** Clears an instance's faults in the simulator and waits for its first successful poll after. */
export async function clearFaultsAndRecover(options: {
  backend: BackendProcess;
  simulator: RunningSimulator;
  name: string;
  withinMs: number;
}): Promise<void> {
  const { backend, simulator, name } = options;
  const cleared = Date.now();
  simulator.instance(name).faults.clear();
  simulator.instance(name).sessions.restore();
  await waitFor(
    `${name} to recover`,
    async () => {
      const s = await instanceStatus(backend, name);
      return isAfter(s.lastSuccessAt, cleared) && !s.error;
    },
    options.withinMs,
  );
}
