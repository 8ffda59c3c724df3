import {
  StatusAborted,
  StatusError,
  StatusOK,
  StatusPending,
  StatusRunning,
  StatusWarning,
} from '@backstage/core-components';
import Tooltip from '@material-ui/core/Tooltip';
import type { ReactNode } from 'react';

type StatusIcon = (props: { children?: ReactNode }) => JSX.Element;

const HEALTH: Record<string, StatusIcon> = {
  Healthy: StatusOK,
  Progressing: StatusRunning,
  Suspended: StatusAborted,
  Degraded: StatusError,
  Missing: StatusWarning,
};

const SYNC: Record<string, StatusIcon> = {
  Synced: StatusOK,
  OutOfSync: StatusWarning,
};

const OPERATION: Record<string, StatusIcon> = {
  Succeeded: StatusOK,
  Running: StatusRunning,
  Terminating: StatusRunning,
  Failed: StatusError,
  Error: StatusError,
};

/**
 * A status icon and its word, never broken mid-word; the message, if any, in
 * a tooltip. `asOf` marks a status read before its instance stopped
 * answering: a grey icon, not a green check, and when it was true.
 */
function Status(props: {
  icons: Record<string, StatusIcon>;
  status: string;
  message?: string;
  asOf?: string;
}) {
  const Icon = props.asOf
    ? StatusAborted
    : props.icons[props.status] ?? StatusPending;
  const label = (
    <span style={{ whiteSpace: 'nowrap' }}>
      <Icon>{props.status}</Icon>
    </span>
  );
  const tooltip = [props.message, props.asOf && `as of ${props.asOf}`]
    .filter(Boolean)
    .join(' · ');
  return tooltip ? (
    <Tooltip title={tooltip}>
      <span>{label}</span>
    </Tooltip>
  ) : (
    label
  );
}

/** Argo CD health (Healthy, Progressing, Suspended, Degraded, Missing, Unknown). */
export function HealthStatus(props: {
  status: string;
  message?: string;
  asOf?: string;
}) {
  return <Status icons={HEALTH} {...props} />;
}

/** Argo CD sync status (Synced, OutOfSync, Unknown). */
export function SyncStatus(props: {
  status: string;
  message?: string;
  asOf?: string;
}) {
  return <Status icons={SYNC} {...props} />;
}

/** The phase of an operation (Succeeded, Running, Failed, Error), or a deployment's outcome. */
export function OperationStatus(props: {
  status: string;
  message?: string;
  asOf?: string;
}) {
  return <Status icons={OPERATION} {...props} />;
}
