import { Entity, getCompoundEntityRef } from '@backstage/catalog-model';
import { alertApiRef, useApi } from '@backstage/core-plugin-api';
import type { ArgoPulseApplicationOverview } from '@argo-pulse/backstage-plugin-common';
import Button from '@material-ui/core/Button';
import CircularProgress from '@material-ui/core/CircularProgress';
import IconButton from '@material-ui/core/IconButton';
import Menu from '@material-ui/core/Menu';
import MenuItem from '@material-ui/core/MenuItem';
import { makeStyles } from '@material-ui/core/styles';
import Tooltip from '@material-ui/core/Tooltip';
import MoreVertIcon from '@material-ui/icons/MoreVert';
import { useState } from 'react';
import { argoPulseApiRef } from '../../api/ArgoPulseApi';
import { SyncDialog } from './SyncDialog';
import {
  useHasPermissionApi,
  useOperationPermissions,
} from './useOperationPermissions';
import { errorInWords, useOperation } from './useOperation';

const useStyles = makeStyles(theme => ({
  buttons: {
    display: 'flex',
    flexWrap: 'wrap',
    gap: theme.spacing(1),
  },
}));

/** What the user may do to an entity's applications. */
interface OperationPermissions {
  refresh: boolean;
  sync: boolean;
}

/** A refresh (safe: no dialog), with Backstage's alert for how it went. */
function useRefresh(entity: Entity, app: ArgoPulseApplicationOverview) {
  const api = useApi(argoPulseApiRef);
  const alertApi = useApi(alertApiRef);
  const { run, busy } = useOperation();
  const [hard, setHard] = useState(false);
  const refresh = async (asHard: boolean) => {
    const outcome = await run(() => {
      setHard(asHard);
      return api.refreshApplication(getCompoundEntityRef(entity), app, {
        hard: asHard,
      });
    });
    if (!outcome) return;
    if (outcome.ok) {
      alertApi.post({
        message: outcome.value.message || `Refreshed ${app.name}`,
        severity: 'success',
        display: 'transient',
      });
    } else {
      alertApi.post({
        message: `${asHard ? 'Hard refresh' : 'Refresh'} of ${
          app.name
        } failed: ${errorInWords(outcome.error)}`,
        severity: 'error',
      });
    }
  };
  return { refresh, busy, hard };
}

interface ApplicationActionsProps {
  entity: Entity;
  app: ArgoPulseApplicationOverview;
  /** One "Actions" icon button with a menu (the overview card), rather than buttons (the tab). */
  compact?: boolean;
}

/**
 * Refresh, hard refresh and sync of one application, each only for a user
 * allowed to: buttons on the entity's tab; on the overview card (`compact`)
 * one "Actions" icon button with a menu. Nothing for a user allowed none.
 */
export function ApplicationActions(props: ApplicationActionsProps) {
  return useHasPermissionApi() ? <PermittedActions {...props} /> : null;
}

function PermittedActions(props: ApplicationActionsProps) {
  const allowed = useOperationPermissions(props.entity);
  if (!allowed.refresh && !allowed.sync) return null;
  return <ActionsView {...props} allowed={allowed} />;
}

function ActionsView(props: {
  entity: Entity;
  app: ArgoPulseApplicationOverview;
  allowed: OperationPermissions;
  compact?: boolean;
}) {
  const { entity, app, allowed } = props;
  const classes = useStyles();
  const { refresh, busy, hard } = useRefresh(entity, app);
  const [syncOpen, setSyncOpen] = useState(false);
  const [menuAnchor, setMenuAnchor] = useState<HTMLElement | null>(null);
  const dialog = syncOpen && (
    <SyncDialog entity={entity} app={app} onClose={() => setSyncOpen(false)} />
  );
  const spinner = <CircularProgress size={16} aria-hidden />;

  if (props.compact) {
    const menuId = `argo-pulse-actions-${app.instance}-${app.namespace}-${app.name}`;
    const choose = (action: () => void) => () => {
      setMenuAnchor(null);
      action();
    };
    return (
      <>
        <Tooltip title={busy ? 'Refreshing…' : 'Actions'}>
          <IconButton
            size="small"
            aria-label={`Actions on ${app.name} (${app.instance})`}
            aria-haspopup="true"
            aria-controls={menuAnchor ? menuId : undefined}
            aria-busy={busy}
            onClick={e => setMenuAnchor(e.currentTarget)}
          >
            {busy ? spinner : <MoreVertIcon fontSize="small" />}
          </IconButton>
        </Tooltip>
        <Menu
          id={menuId}
          anchorEl={menuAnchor}
          open={Boolean(menuAnchor)}
          onClose={() => setMenuAnchor(null)}
        >
          {allowed.refresh && (
            <MenuItem disabled={busy} onClick={choose(() => refresh(false))}>
              Refresh
            </MenuItem>
          )}
          {allowed.refresh && (
            <MenuItem disabled={busy} onClick={choose(() => refresh(true))}>
              Hard refresh
            </MenuItem>
          )}
          {allowed.sync && (
            <MenuItem onClick={choose(() => setSyncOpen(true))}>Sync…</MenuItem>
          )}
        </Menu>
        {dialog}
      </>
    );
  }

  return (
    <div className={classes.buttons}>
      {allowed.refresh && (
        <>
          <Button
            size="small"
            variant="outlined"
            aria-label={`Refresh ${app.name}`}
            aria-busy={busy && !hard}
            disabled={busy}
            startIcon={busy && !hard ? spinner : undefined}
            onClick={() => refresh(false)}
          >
            Refresh
          </Button>
          <Tooltip title="Argo CD regenerates the manifests too">
            <span>
              <Button
                size="small"
                variant="outlined"
                aria-label={`Hard refresh ${app.name}`}
                aria-busy={busy && hard}
                disabled={busy}
                startIcon={busy && hard ? spinner : undefined}
                onClick={() => refresh(true)}
              >
                Hard refresh
              </Button>
            </span>
          </Tooltip>
        </>
      )}
      {allowed.sync && (
        <Button
          size="small"
          variant="outlined"
          color="primary"
          aria-label={`Sync ${app.name}…`}
          onClick={() => setSyncOpen(true)}
        >
          Sync…
        </Button>
      )}
      {dialog}
    </div>
  );
}
