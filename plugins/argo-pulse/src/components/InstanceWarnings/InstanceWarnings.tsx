import { WarningPanel } from '@backstage/core-components';
import type { ArgoPulseInstanceStatus } from '@argo-pulse/backstage-plugin-common';
import { ago } from '../format';

/**
 * A warning for each Argo CD instance that is failing or stale, with when
 * it last answered; what is known is still shown below it.
 */
export function InstanceWarnings(props: {
  instances: ArgoPulseInstanceStatus[];
}) {
  const troubled = props.instances.filter(i => i.error || i.stale);
  if (troubled.length === 0) return null;
  return (
    <>
      {troubled.map(instance => {
        const updated = instance.lastSuccessAt
          ? `last updated ${ago(instance.lastSuccessAt)}`
          : 'never read yet';
        return (
          <WarningPanel
            key={instance.instance}
            severity="warning"
            title={`Argo CD instance "${instance.instance}": ${updated}`}
          >
            {instance.error
              ? `The last poll failed ${ago(instance.error.at)}: ${
                  instance.error.message
                }`
              : 'No poll has succeeded recently; what is shown may be out of date.'}
          </WarningPanel>
        );
      })}
    </>
  );
}
