import type { ArgoPulseOciArtifact } from '@argo-pulse/backstage-plugin-common';
import Tooltip from '@material-ui/core/Tooltip';
import Typography from '@material-ui/core/Typography';
import { shortRevision } from '../format';

/**
 * An OCI artifact a deployment synced (Argo CD 3.1+): its repository (for detail readers), its
 * version (the tag CI published) and its short digest, the whole digest on hover. Not a commit:
 * no commit link, whatever the repository.
 */
export function OciArtifact(props: { artifact: ArgoPulseOciArtifact }) {
  const { artifact } = props;
  const text = [
    artifact.repoURL,
    artifact.version,
    shortRevision(artifact.digest),
  ]
    .filter(Boolean)
    .join(' ');
  return (
    <Tooltip title={artifact.digest}>
      <Typography
        variant="body2"
        component="span"
        style={{ whiteSpace: 'nowrap' }}
        data-testid="argo-pulse-oci-artifact"
      >
        {text}
      </Typography>
    </Tooltip>
  );
}
