import { Entity, getCompoundEntityRef } from '@backstage/catalog-model';
import { alertApiRef, useApi } from '@backstage/core-plugin-api';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { usePermission } from '@backstage/plugin-permission-react';
import {
  argoPulseApplicationDetailReadPermission,
  ArgoPulseApplicationOverview,
} from '@argo-pulse/backstage-plugin-common';
import Checkbox from '@material-ui/core/Checkbox';
import FormControlLabel from '@material-ui/core/FormControlLabel';
import FormGroup from '@material-ui/core/FormGroup';
import Typography from '@material-ui/core/Typography';
import { useState } from 'react';
import useAsync from 'react-use/esm/useAsync';
import {
  argoPulseApiRef,
  ArgoPulseApplicationRef,
} from '../../api/ArgoPulseApi';
import { OperationDialog } from './OperationDialog';
import { useOperation } from './useOperation';

/** The revision(s) Argo CD syncs to, when the user may read the application's sources; undefined otherwise. */
function useTargetRevision(entity: Entity, app: ArgoPulseApplicationRef) {
  const api = useApi(argoPulseApiRef);
  const detail = usePermission({
    permission: argoPulseApplicationDetailReadPermission,
    resourceRef: stringifyEntityRef(entity),
  });
  const { value } = useAsync(async () => {
    if (!detail.allowed) return undefined;
    const read = await api.getApplicationDetail(
      getCompoundEntityRef(entity),
      app,
    );
    if (!read?.sources?.length) return undefined;
    return read.sources.map(s => s.targetRevision || 'HEAD').join(', ');
  }, [detail.allowed, api, app.instance, app.namespace, app.name]);
  return value;
}

/**
 * Confirms a sync of an application to its target revision, with prune and
 * dry run (both off); closes on success with Backstage's alert, says a
 * refusal in words inside.
 */
export function SyncDialog(props: {
  entity: Entity;
  app: ArgoPulseApplicationOverview;
  onClose: () => void;
}) {
  const { entity, app, onClose } = props;
  const api = useApi(argoPulseApiRef);
  const alertApi = useApi(alertApiRef);
  const [prune, setPrune] = useState(false);
  const [dryRun, setDryRun] = useState(false);
  const { run, busy, error } = useOperation();
  const target = useTargetRevision(entity, app);
  const confirm = async () => {
    const outcome = await run(() =>
      api.syncApplication(getCompoundEntityRef(entity), app, {
        prune,
        dryRun,
      }),
    );
    if (!outcome?.ok) return;
    alertApi.post({
      message: outcome.value.message || `Sync of ${app.name} started`,
      severity: 'success',
      display: 'transient',
    });
    onClose();
  };
  return (
    <OperationDialog
      title={`Sync ${app.name}`}
      busyText={`Asking Argo CD to sync ${app.name}…`}
      failedText="The sync was not started"
      busy={busy}
      error={error}
      onConfirm={confirm}
      onClose={onClose}
    >
      <Typography variant="body1" gutterBottom>
        Argo CD syncs <strong>{app.name}</strong> on{' '}
        <strong>{app.instance}</strong> to its target revision
        {target ? (
          <>
            {' '}
            <strong>{target}</strong>
          </>
        ) : (
          ''
        )}
        .
      </Typography>
      <FormGroup>
        <FormControlLabel
          control={
            <Checkbox
              checked={prune}
              onChange={e => setPrune(e.target.checked)}
              disabled={busy}
            />
          }
          label="Prune: delete resources that are no longer in git"
        />
        <FormControlLabel
          control={
            <Checkbox
              checked={dryRun}
              onChange={e => setDryRun(e.target.checked)}
              disabled={busy}
            />
          }
          label="Dry run: only show what would change, apply nothing"
        />
      </FormGroup>
    </OperationDialog>
  );
}
