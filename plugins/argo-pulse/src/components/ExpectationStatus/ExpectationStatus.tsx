import { Link } from '@backstage/core-components';
import type {
  ArgoPulseApplicationOverview,
  ArgoPulseExpectation,
} from '@argo-pulse/backstage-plugin-common';
import Typography from '@material-ui/core/Typography';
import type { DateTime } from 'luxon';
import type { CSSProperties } from 'react';
import { ago } from '../format';
import { ImageTags } from '../ImageTag';
import { SecondaryText } from '../SecondaryText';
import { StatusText } from '../StatusText';
import { displayedExpectation } from './displayedExpectation';

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

/**
 * Where the latest expected version stands, as true now (see
 * {@link displayedExpectation}): pending and what it waits for, live,
 * replaced (by what, when, by whom), deployed but not healthy now, failed
 * and why, or failed and since recovered. `application` is what runs where
 * the expectation applies; without it the verdict is told as it was
 * reached. `asOf` greys it when the instance stopped answering.
 * `shownElsewhere`: Argo CD messages the row already shows; a detail that
 * quotes one of them is left out, so a message is read once.
 */
export function ExpectationStatus(props: {
  expectation: ArgoPulseExpectation;
  application?: ArgoPulseApplicationOverview;
  asOf?: string;
  now?: DateTime;
  shownElsewhere?: string[];
}) {
  const { expectation: e, application: app } = props;
  const shown = displayedExpectation(props);
  const when = [
    app?.lastDeployedAt && ago(app.lastDeployedAt, props.now),
    byWhom(app?.lastDeployedBy),
  ]
    .filter(Boolean)
    .join(' ');
  return (
    <span data-testid="argo-pulse-verdict" data-tone={shown.tone}>
      {/* The CI run link stays beside the verdict, on one line while it fits. */}
      <span style={VERDICT_LINE}>
        <StatusText tone={shown.tone}>{shown.headline}</StatusText>
        {e.runUrl && (
          <Typography component="span">
            (<Link to={e.runUrl}>CI run</Link>)
          </Typography>
        )}
      </span>
      {shown.replacements && (
        <SecondaryText>
          now runs <ImageTags images={shown.replacements} />
          {when && `, deployed ${when}`}
        </SecondaryText>
      )}
      {shown.detail &&
        !props.shownElsewhere?.some(text => shown.detail?.includes(text)) && (
          <SecondaryText>{shown.detail}</SecondaryText>
        )}
    </span>
  );
}
