import { tryParseImageReference } from '@argo-pulse/backstage-plugin-common';
import Tooltip from '@material-ui/core/Tooltip';

/** `payments-api:1.8.0` for `ghcr.io/acme/payments-api:1.8.0`; a digest shortened to 12 characters. */
export function shortImage(image: string): string {
  const parsed = tryParseImageReference(image);
  if (!parsed) return image;
  const name = parsed.repository.split('/').pop();
  if (parsed.digest)
    return `${name}@${parsed.digest.replace(/^sha256:/, '').slice(0, 12)}`;
  return `${name}:${parsed.tag}`;
}

/** An image as its short name and tag, the full reference in a tooltip; never broken mid-word. */
export function ImageTag(props: { image: string }) {
  return (
    <Tooltip title={props.image}>
      <span style={{ whiteSpace: 'nowrap' }}>{shortImage(props.image)}</span>
    </Tooltip>
  );
}

/** Images as short tags, comma-separated; a dash when there are none. */
export function ImageTags(props: { images?: string[] }) {
  if (!props.images?.length) return <>—</>;
  return (
    <>
      {props.images.map((image, i) => (
        <span key={image}>
          {i > 0 && ', '}
          <ImageTag image={image} />
        </span>
      ))}
    </>
  );
}
