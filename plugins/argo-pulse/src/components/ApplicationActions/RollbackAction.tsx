import { Entity, getCompoundEntityRef } from '@backstage/catalog-model';
import { alertApiRef, useApi } from '@backstage/core-plugin-api';
import type { ArgoPulseDeployment } from '@argo-pulse/backstage-plugin-common';
import Button from '@material-ui/core/Button';
import { makeStyles } from '@material-ui/core/styles';
import Typography from '@material-ui/core/Typography';
import type { DateTime } from 'luxon';
import { useState } from 'react';
import { argoPulseApiRef } from '../../api/ArgoPulseApi';
import { ago, shortRevision } from '../format';
import { shortImage } from '../ImageTag';
import { OperationDialog } from './OperationDialog';
import { useOperation } from './useOperation';
import {
  useHasPermissionApi,
  useRollbackPermission,
} from './useOperationPermissions';

const useStyles = makeStyles({
  // At the end of the row's first line, or first on its own when narrow.
  button: { marginLeft: 'auto' },
});

/** "revision 4f2a9c1", "revisions 4f2a9c1, payments 1.2.0": as the row shows them. */
function revisionsInWords(d: ArgoPulseDeployment): string {
  const each = d.revisions.map((revision, index) => {
    const chart = d.sources[index]?.chart;
    return chart ? `${chart} ${revision}` : shortRevision(revision);
  });
  return `${each.length === 1 ? 'revision' : 'revisions'} ${each.join(', ')}`;
}

function RollbackDialog(props: {
  entity: Entity;
  deployment: ArgoPulseDeployment;
  now: DateTime;
  onClose: () => void;
}) {
  const { entity, deployment: d, onClose } = props;
  const api = useApi(argoPulseApiRef);
  const alertApi = useApi(alertApiRef);
  const { run, busy, error } = useOperation();
  const confirm = async () => {
    const outcome = await run(() =>
      api.rollbackApplication(
        getCompoundEntityRef(entity),
        { instance: d.instance, namespace: d.namespace, name: d.application },
        { deploymentId: d.id },
      ),
    );
    if (!outcome?.ok) return;
    alertApi.post({
      message: outcome.value.message || `Rollback of ${d.application} started`,
      severity: 'success',
      display: 'transient',
    });
    onClose();
  };
  const images = d.images.length
    ? ` (${d.images.length === 1 ? 'image' : 'images'} ${d.images
        .map(shortImage)
        .join(', ')})`
    : '';
  return (
    <OperationDialog
      title={`Roll back ${d.application}`}
      busyText={`Asking Argo CD to roll ${d.application} back…`}
      failedText="The rollback was not started"
      busy={busy}
      error={error}
      onConfirm={confirm}
      onClose={onClose}
    >
      <Typography variant="body1">
        Argo CD syncs <strong>{d.application}</strong> on{' '}
        <strong>{d.instance}</strong> back to {revisionsInWords(d)}
        {images}, deployed {ago(d.finishedAt, props.now)}.
      </Typography>
    </OperationDialog>
  );
}

/**
 * On a history row, for a user allowed to roll back: "Roll back" when Argo
 * CD can go back to this deployment now, or, where `explain`, in a few
 * muted words why not (see rollbackExplanations).
 */
export function RollbackAction(props: RollbackActionProps) {
  return useHasPermissionApi() && props.deployment.rollback ? (
    <PermittedRollback {...props} />
  ) : null;
}

interface RollbackActionProps {
  entity: Entity;
  deployment: ArgoPulseDeployment;
  now: DateTime;
  /** Say why a rollback is not possible (otherwise nothing is shown). */
  explain?: boolean;
}

function PermittedRollback(props: RollbackActionProps) {
  return useRollbackPermission(props.entity) ? (
    <RollbackView {...props} />
  ) : null;
}

function RollbackView(props: RollbackActionProps) {
  const { deployment: d } = props;
  const classes = useStyles();
  const [open, setOpen] = useState(false);
  if (!d.rollback) return null;
  if (!d.rollback.possible) {
    if (!props.explain) return null;
    return (
      <Typography
        variant="body2"
        color="textSecondary"
        component="span"
        style={{ overflowWrap: 'anywhere' }}
        data-testid="argo-pulse-rollback-impossible"
      >
        Roll back: not possible
        {d.rollback.reason ? ` (${d.rollback.reason})` : ''}
      </Typography>
    );
  }
  return (
    <>
      <Button
        size="small"
        variant="outlined"
        className={classes.button}
        aria-label={`Roll back ${d.application} to this deployment`}
        onClick={() => setOpen(true)}
      >
        Roll back
      </Button>
      {open && (
        <RollbackDialog
          entity={props.entity}
          deployment={d}
          now={props.now}
          onClose={() => setOpen(false)}
        />
      )}
    </>
  );
}
