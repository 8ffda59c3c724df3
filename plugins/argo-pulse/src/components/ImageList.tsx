import Typography from '@material-ui/core/Typography';

/** Image references, one per line; a dash when there are none. */
export function ImageList(props: { images?: string[] }) {
  if (!props.images?.length) return <>—</>;
  return (
    <>
      {props.images.map(image => (
        <Typography key={image} variant="body2">
          {image}
        </Typography>
      ))}
    </>
  );
}
