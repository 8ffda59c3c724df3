import Typography from '@material-ui/core/Typography';
import type { ReactNode } from 'react';

/** A line of secondary text under a status (Argo CD's message, what a verdict waits for), wrapped anywhere rather than overflowing its card. */
export function SecondaryText(props: { children: ReactNode }) {
  return (
    <Typography
      variant="body2"
      color="textSecondary"
      style={{ overflowWrap: 'anywhere' }}
    >
      {props.children}
    </Typography>
  );
}
