import Button from '@material-ui/core/Button';
import Dialog from '@material-ui/core/Dialog';
import DialogActions from '@material-ui/core/DialogActions';
import DialogContent from '@material-ui/core/DialogContent';
import DialogTitle from '@material-ui/core/DialogTitle';
import LinearProgress from '@material-ui/core/LinearProgress';
import { makeStyles } from '@material-ui/core/styles';
import Typography from '@material-ui/core/Typography';
import type { ReactNode } from 'react';
import { errorInWords } from './useOperation';

const useStyles = makeStyles(theme => ({
  content: { overflowWrap: 'anywhere' },
  progress: { marginTop: theme.spacing(2) },
  error: {
    marginTop: theme.spacing(2),
    color: theme.palette.error.main,
  },
}));

/**
 * A confirmation for an operation Argo CD carries out: what will happen,
 * its options, progress while the request runs (Confirm disabled: one
 * request), and the refusal in the backend's words.
 */
export function OperationDialog(props: {
  title: string;
  children: ReactNode;
  /** "Asking Argo CD to sync payments-api-prod…" */
  busyText: string;
  /** "The sync was not started" */
  failedText: string;
  busy: boolean;
  error?: Error;
  onConfirm: () => void;
  onClose: () => void;
}) {
  const classes = useStyles();
  const titleId = `argo-pulse-operation-${props.title.replace(/\W+/g, '-')}`;
  return (
    <Dialog
      open
      onClose={props.busy ? undefined : props.onClose}
      aria-labelledby={titleId}
      maxWidth="sm"
      fullWidth
    >
      <DialogTitle id={titleId}>{props.title}</DialogTitle>
      <DialogContent className={classes.content}>
        {props.children}
        {props.busy && (
          <div className={classes.progress} role="status">
            <LinearProgress aria-label={props.busyText} />
            <Typography variant="body2" color="textSecondary">
              {props.busyText}
            </Typography>
          </div>
        )}
        {props.error && !props.busy && (
          <Typography variant="body2" role="alert" className={classes.error}>
            {props.failedText}: {errorInWords(props.error)}
          </Typography>
        )}
      </DialogContent>
      <DialogActions>
        <Button onClick={props.onClose} disabled={props.busy}>
          Cancel
        </Button>
        <Button
          color="primary"
          variant="contained"
          onClick={props.onConfirm}
          disabled={props.busy}
        >
          Confirm
        </Button>
      </DialogActions>
    </Dialog>
  );
}
