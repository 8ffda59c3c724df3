import type { Entity } from '@backstage/catalog-model';
import type {
  ArgoPulseApplicationOverview,
  ArgoPulseExpectation,
  ArgoPulseInstanceStatus,
} from '@argo-pulse/backstage-plugin-common';
import IconButton from '@material-ui/core/IconButton';
import Paper from '@material-ui/core/Paper';
import { makeStyles } from '@material-ui/core/styles';
import ExpandMoreIcon from '@material-ui/icons/ExpandMore';
import type { DateTime } from 'luxon';
import { useState } from 'react';
import { ApplicationDetail } from '../ApplicationDetail';
import { messagesShown } from '../applicationState';
import { ApplicationRow } from '../ApplicationRow';
import { ApplicationActions } from '../ApplicationActions';
import type { GeneratedBy } from '../applicationSets';

const useStyles = makeStyles(theme => ({
  panel: { marginBottom: theme.spacing(1) },
  summary: { display: 'flex', alignItems: 'flex-start' },
  row: { minWidth: 0, flex: 1 },
  toggle: { margin: theme.spacing(0.5) },
  open: { transform: 'rotate(180deg)' },
  detail: { padding: theme.spacing(1, 2, 2), minWidth: 0 },
}));

/**
 * One application on the entity's tab: its row, and for those who may read
 * detail a button that opens its resources, conditions and last operation
 * (read only when open), and refresh and sync buttons for those who may
 * start them. The row's links stay outside the button, and a
 * reader without detail gets no button that opens to nothing. `generatedBy`
 * is for a panel under its ApplicationSet's header: the row adds its step.
 */
export function ApplicationPanel(props: {
  entity: Entity;
  app: ArgoPulseApplicationOverview;
  expectation?: ArgoPulseExpectation;
  instance?: ArgoPulseInstanceStatus;
  generatedBy?: GeneratedBy;
  allowDetail: boolean;
  initiallyOpen: boolean;
  refreshIntervalMs?: number;
  now: DateTime;
}) {
  const { app } = props;
  const classes = useStyles();
  const [open, setOpen] = useState(props.initiallyOpen);
  const detailId = `argo-pulse-detail-${app.instance}-${app.namespace}-${app.name}`;
  return (
    <Paper className={classes.panel}>
      <div className={classes.summary}>
        <div className={classes.row}>
          <ApplicationRow
            app={app}
            expectation={props.expectation}
            instance={props.instance}
            now={props.now}
            generatedBy={props.generatedBy}
            grouped
            actions={<ApplicationActions entity={props.entity} app={app} />}
          />
        </div>
        {props.allowDetail && (
          <IconButton
            className={classes.toggle}
            aria-expanded={open}
            aria-controls={detailId}
            aria-label={`Detail of ${app.name} (${app.instance})`}
            onClick={() => setOpen(!open)}
          >
            <ExpandMoreIcon className={open ? classes.open : undefined} />
          </IconButton>
        )}
      </div>
      {props.allowDetail && open && (
        <div id={detailId} className={classes.detail}>
          <ApplicationDetail
            entity={props.entity}
            application={app}
            refreshIntervalMs={props.refreshIntervalMs}
            shownAbove={messagesShown(app)}
          />
        </div>
      )}
    </Paper>
  );
}
