import { Progress } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import { argoPulseInstanceReadPermission } from '@argo-pulse/backstage-plugin-common';
import { makeStyles } from '@material-ui/core/styles';
import Typography from '@material-ui/core/Typography';
import { argoPulseApiRef } from '../../api/ArgoPulseApi';
import { useLiveData } from '../../hooks/useLiveData';
import { useNow } from '../../hooks/useNow';
import { LiveStatus } from '../LiveStatus';
import { LoadError } from '../LoadError';
import { RefreshWarning } from '../RefreshWarning';
import { ToolPage } from '../ToolPage';
import { InstanceCard } from './InstanceCard';
import { byAttention, instanceState } from './instanceState';

const useStyles = makeStyles(theme => ({
  grid: {
    display: 'grid',
    gridTemplateColumns: 'repeat(auto-fill, minmax(min(100%, 320px), 1fr))',
    gap: theme.spacing(2),
    margin: theme.spacing(2, 0),
  },
}));

/**
 * Options of the instances page ({@link ArgoPulseInstancesPage}).
 *
 * @public
 */
export interface ArgoPulseInstancesProps {
  /** How often to re-read, in milliseconds; 0 never. Default 10 s. */
  refreshIntervalMs?: number;
}

/**
 * Every configured Argo CD instance, those that need attention first:
 * reachable or not, the last successful refresh and its age, the last error
 * (a category and a short reason, never a secret), applications tracked, the
 * last cycle's duration and requests, and the polling mode. For holders of
 * `argo-pulse.instance.read` (the backend decides); others see what is needed.
 */
export function ArgoPulseInstances(props: ArgoPulseInstancesProps) {
  const api = useApi(argoPulseApiRef);
  const classes = useStyles();
  const now = useNow();
  const live = useLiveData(
    () => api.getInstances(),
    [api],
    props.refreshIntervalMs,
  );
  const { value, loading, error, refreshError } = live;
  if (loading) return <Progress />;
  if (error)
    return (
      <LoadError
        error={error}
        what="the Argo CD instances"
        permission={argoPulseInstanceReadPermission}
      />
    );
  if (!value) return null;
  const instances = [...value.instances].sort(byAttention);
  const unreachable = instances.filter(
    i => instanceState(i) === 'unreachable',
  ).length;
  return (
    <>
      <RefreshWarning error={refreshError} />
      <Typography variant="body1" data-testid="argo-pulse-instances-summary">
        {instances.length} {instances.length === 1 ? 'instance' : 'instances'}
        {unreachable ? `, ${unreachable} unreachable` : ', all reachable'}
      </Typography>
      <div className={classes.grid}>
        {instances.map(instance => (
          <InstanceCard key={instance.instance} instance={instance} now={now} />
        ))}
      </div>
      <LiveStatus
        state={{ ...live, live: false }}
        refreshMs={props.refreshIntervalMs}
        now={now}
      />
    </>
  );
}

/**
 * The instances as a page of its own, for apps on the legacy frontend system
 * (route it at `/argo-pulse/instances`).
 *
 * @public
 */
export function ArgoPulseInstancesPage(props: ArgoPulseInstancesProps) {
  return (
    <ToolPage
      title="Argo CD instances"
      subtitle="How Argo Pulse polls each configured instance"
    >
      <ArgoPulseInstances {...props} />
    </ToolPage>
  );
}
