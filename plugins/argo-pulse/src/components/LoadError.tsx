import { ResponseErrorPanel } from '@backstage/core-components';
import type { ResponseError } from '@backstage/errors';
import type { Permission } from '@backstage/plugin-permission-common';
import { argoPulseApplicationReadPermission } from '@argo-pulse/backstage-plugin-common';
import { makeStyles } from '@material-ui/core/styles';
import Typography from '@material-ui/core/Typography';
import InfoOutlined from '@material-ui/icons/InfoOutlined';

const useStyles = makeStyles(theme => ({
  notAllowed: {
    display: 'flex',
    alignItems: 'flex-start',
    gap: theme.spacing(1),
    padding: theme.spacing(1, 2),
    overflowWrap: 'break-word',
  },
  icon: { color: theme.palette.info.main, flexShrink: 0 },
  // A permission's name is read as one word: not broken at its hyphens.
  permission: { whiteSpace: 'nowrap' },
}));

/** Whether the backend refused the caller (403): a state to explain, not a fault. */
export const isNotAllowed = (error: Error) =>
  (error as Partial<ResponseError>).statusCode === 403;

/**
 * Why a card has nothing to show. A refusal is said in one line, with the
 * permission that would allow it, and nothing else: no request, no stack,
 * no red. Any other failure is Backstage's error panel.
 */
export function LoadError(props: {
  error: Error;
  /** What the caller may not see, as in "You may not see <what>". */
  what: string;
  /** The permission that would allow it; default `argo-pulse.application.read`. */
  permission?: Permission;
}) {
  const { permission = argoPulseApplicationReadPermission } = props;
  const classes = useStyles();
  if (!isNotAllowed(props.error))
    return <ResponseErrorPanel error={props.error} />;
  return (
    <Typography
      variant="body2"
      role="status"
      className={classes.notAllowed}
      data-testid="argo-pulse-not-allowed"
    >
      <InfoOutlined fontSize="small" className={classes.icon} aria-hidden />
      <span>
        You may not see {props.what}: that needs the{' '}
        <code className={classes.permission}>{permission.name}</code>{' '}
        permission.
      </span>
    </Typography>
  );
}
