import { WarningPanel } from '@backstage/core-components';

/** Shown above what a card still shows when re-reading the backend failed. */
export function RefreshWarning(props: { error?: Error }) {
  if (!props.error) return null;
  return (
    <WarningPanel
      severity="warning"
      title="Could not refresh: showing the last data read"
    >
      {props.error.message}
    </WarningPanel>
  );
}
