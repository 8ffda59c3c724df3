import { StatusAborted, StatusError, StatusOK, StatusPending, StatusRunning, StatusWarning } from '@backstage/core-components';
import Tooltip from '@material-ui/core/Tooltip';
import type { ReactNode } from 'react';

const HEALTH: Record<string, (props: { children?: ReactNode }) => JSX.Element> = {
  Healthy: StatusOK,
  Progressing: StatusRunning,
  Suspended: StatusAborted,
  Degraded: StatusError,
  Missing: StatusWarning,
};

const SYNC: Record<string, (props: { children?: ReactNode }) => JSX.Element> = {
  Synced: StatusOK,
  OutOfSync: StatusWarning,
};

/** A status icon and its word; the message, if any, in a tooltip. */
function Status(props: { icons: typeof HEALTH; status: string; message?: string }) {
  const Icon = props.icons[props.status] ?? StatusPending;
  const label = <Icon>{props.status}</Icon>;
  return props.message ? (
    <Tooltip title={props.message}>
      <span>{label}</span>
    </Tooltip>
  ) : (
    label
  );
}

/** Argo CD health (Healthy, Progressing, Suspended, Degraded, Missing, Unknown). */
export function HealthStatus(props: { status: string; message?: string }) {
  return <Status icons={HEALTH} {...props} />;
}

/** Argo CD sync status (Synced, OutOfSync, Unknown). */
export function SyncStatus(props: { status: string; message?: string }) {
  return <Status icons={SYNC} {...props} />;
}
