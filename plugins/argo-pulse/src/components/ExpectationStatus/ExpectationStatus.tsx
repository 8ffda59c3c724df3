import {
  Link,
  StatusAborted,
  StatusError,
  StatusOK,
  StatusPending,
  StatusWarning,
} from '@backstage/core-components';
import type {
  ArgoPulseApplicationOverview,
  ArgoPulseExpectation,
} from '@argo-pulse/backstage-plugin-common';
import Typography from '@material-ui/core/Typography';
import { DateTime } from 'luxon';
import type { ComponentType, CSSProperties, ReactNode } from 'react';
import { duration, ago } from '../format';
import { ImageTags, shortImage } from '../ImageTag';
import { replacedBy } from './replacement';

/** The image tags an expectation asks for, short: `payments-api:1.9.0`. */
export function expectedVersions(expectation: ArgoPulseExpectation): string {
  return expectation.images.map(shortImage).join(', ');
}

type StatusComponent = ComponentType<{ children?: ReactNode }>;

/** On one line while it fits; the CI run wraps below the verdict only on a narrow card. */
const VERDICT_LINE: CSSProperties = {
  display: 'flex',
  flexWrap: 'wrap',
  alignItems: 'baseline',
  columnGap: 4,
};

/** Who started a deployment, in words. */
function byWhom(
  initiatedBy: ArgoPulseApplicationOverview['lastDeployedBy'],
): string | undefined {
  if (initiatedBy?.username) return `by ${initiatedBy.username}`;
  return initiatedBy?.automated ? 'by an automated sync' : undefined;
}

function Detail(props: { children: ReactNode }) {
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

/**
 * Where the latest expected version stands, as true now: pending for how
 * long and what it waits for, deployed and still running, deployed but since
 * replaced (by what, when, by whom), failed and why. `application` is what
 * runs where the expectation applies; without it a deployed verdict is shown
 * as it was reached.
 */
export function ExpectationStatus(props: {
  expectation: ArgoPulseExpectation;
  application?: ArgoPulseApplicationOverview;
  now?: DateTime;
}) {
  const { expectation: e, application: app } = props;
  const now = props.now ?? DateTime.now();
  const versions = expectedVersions(e);
  // The verdict and its CI run on one line (a status is a flex box of its own, so a link after it
  // wrapped). The link stays outside the status, which Backstage hides from screen readers.
  const verdict = (Status: StatusComponent, text: ReactNode) => (
    <span style={VERDICT_LINE}>
      <Status>{text}</Status>
      {e.runUrl && (
        <Typography component="span">
          (<Link to={e.runUrl}>CI run</Link>)
        </Typography>
      )}
    </span>
  );
  if (e.state === 'pending') {
    const waited = now.diff(DateTime.fromISO(e.createdAt)).as('seconds');
    return (
      <span>
        {verdict(StatusPending, `${versions}: pending for ${duration(waited)}`)}
        <Detail>
          waiting for:{' '}
          {e.waitingFor?.length ? e.waitingFor.join('; ') : 'the next poll'}
        </Detail>
      </span>
    );
  }
  if (e.state === 'deployed') {
    const replacements = app ? replacedBy(e.images, app.images) : undefined;
    if (replacements) {
      const when = [
        app?.lastDeployedAt && ago(app.lastDeployedAt, now),
        byWhom(app?.lastDeployedBy),
      ]
        .filter(Boolean)
        .join(' ');
      return (
        <span>
          {verdict(StatusWarning, `${versions}: deployed, since replaced`)}
          <Detail>
            now runs <ImageTags images={replacements} />
            {when && `, deployed ${when}`}
          </Detail>
        </span>
      );
    }
    return (
      <span>
        {verdict(
          StatusOK,
          `${versions}: deployed${
            e.durationSeconds !== undefined
              ? ` in ${duration(e.durationSeconds)}`
              : ''
          }${app ? ', still running' : ''}`,
        )}
      </span>
    );
  }
  if (e.state === 'failed') {
    return (
      <span>
        {verdict(StatusError, `${versions}: failed (${e.reason})`)}
        {e.message && <Detail>{e.message}</Detail>}
      </span>
    );
  }
  return <span>{verdict(StatusAborted, `${versions}: ${e.state}`)}</span>;
}
