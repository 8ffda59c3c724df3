import Tooltip from '@material-ui/core/Tooltip';
import { StatusText } from '../StatusText';
import type { StatusTone } from '../StatusText';

const HEALTH: Record<string, StatusTone> = {
  Healthy: 'ok',
  Progressing: 'running',
  Suspended: 'neutral',
  Degraded: 'error',
  Missing: 'warning',
};

const SYNC: Record<string, StatusTone> = {
  Synced: 'ok',
  OutOfSync: 'warning',
};

const OPERATION: Record<string, StatusTone> = {
  Succeeded: 'ok',
  Running: 'running',
  Terminating: 'running',
  Failed: 'error',
  Error: 'error',
};

/**
 * A status icon and its word, never broken mid-word; the message, if any, in
 * a tooltip. `asOf` marks a status read before its instance stopped
 * answering: a grey icon, not a green check, and when it was true.
 */
function Status(props: {
  tones: Record<string, StatusTone>;
  status: string;
  message?: string;
  asOf?: string;
}) {
  const tone = props.asOf ? 'stale' : props.tones[props.status] ?? 'pending';
  const label = (
    <span style={{ whiteSpace: 'nowrap' }}>
      <StatusText tone={tone}>{props.status}</StatusText>
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
  return <Status tones={HEALTH} {...props} />;
}

/** Argo CD sync status (Synced, OutOfSync, Unknown). */
export function SyncStatus(props: {
  status: string;
  message?: string;
  asOf?: string;
}) {
  return <Status tones={SYNC} {...props} />;
}

/** The phase of an operation (Succeeded, Running, Failed, Error), or a deployment's outcome. */
export function OperationStatus(props: {
  status: string;
  message?: string;
  asOf?: string;
}) {
  return <Status tones={OPERATION} {...props} />;
}
