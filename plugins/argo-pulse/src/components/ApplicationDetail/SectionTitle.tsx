import Typography from '@material-ui/core/Typography';

/** A section's name: bold, not a heading (the row above is not one either). */
export function SectionTitle(props: { children: string }) {
  return (
    <Typography variant="subtitle2" component="p">
      {props.children}
    </Typography>
  );
}
