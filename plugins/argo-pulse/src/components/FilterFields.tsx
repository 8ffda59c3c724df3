import Checkbox from '@material-ui/core/Checkbox';
import FormControlLabel from '@material-ui/core/FormControlLabel';
import MenuItem from '@material-ui/core/MenuItem';
import Paper from '@material-ui/core/Paper';
import { makeStyles } from '@material-ui/core/styles';
import TextField from '@material-ui/core/TextField';
import { useEffect, useState } from 'react';
import type { ReactNode } from 'react';

const useStyles = makeStyles(theme => ({
  bar: {
    display: 'flex',
    flexWrap: 'wrap',
    alignItems: 'center',
    gap: theme.spacing(2),
    marginBottom: theme.spacing(2),
    // On a card's surface: the fields' labels are the theme's secondary text, legible there.
    padding: theme.spacing(1.5, 2),
  },
  field: { minWidth: 160, flex: '1 1 160px' },
}));

/** The bar a page's filters sit in: they wrap onto more lines on a narrow page. */
export function FilterBar(props: { testId: string; children: ReactNode }) {
  const classes = useStyles();
  return (
    <Paper className={classes.bar} data-testid={props.testId}>
      {props.children}
    </Paper>
  );
}

/** "Owned by me": what the signed-in user owns, directly or through a group. */
export function MineFilter(props: {
  checked: boolean;
  onChange: (mine: boolean) => void;
}) {
  return (
    <FormControlLabel
      control={
        <Checkbox
          checked={props.checked}
          onChange={event => props.onChange(event.target.checked)}
        />
      }
      label="Owned by me"
    />
  );
}

/** Whose entities: "Owned by me" and owners by name (a team's page), the same on every page. */
export function OwnerFilters(props: {
  mine: boolean;
  owner: string;
  onChange: (next: { mine?: boolean; owner?: string }) => void;
}) {
  return (
    <>
      <MineFilter
        checked={props.mine}
        onChange={mine => props.onChange({ mine })}
      />
      <TextFilter
        label="Owner"
        value={props.owner}
        placeholder="group:default/team-a"
        onApply={owner => props.onChange({ owner })}
      />
    </>
  );
}

/** A text filter, applied when the user leaves the field or presses Enter (not on every key). */
export function TextFilter(props: {
  label: string;
  value: string;
  onApply: (text: string) => void;
  placeholder?: string;
}) {
  const classes = useStyles();
  const [text, setText] = useState(props.value);
  useEffect(() => setText(props.value), [props.value]);
  const apply = () => text !== props.value && props.onApply(text.trim());
  return (
    <TextField
      className={classes.field}
      size="small"
      variant="outlined"
      label={props.label}
      placeholder={props.placeholder}
      value={text}
      onChange={event => setText(event.target.value)}
      onBlur={apply}
      onKeyDown={event => event.key === 'Enter' && apply()}
      inputProps={{ 'aria-label': props.label }}
    />
  );
}

/** A choice among a few values; its accessible name says the choice too ("Window: Last 30 days"), as the eye reads it. */
export function SelectFilter<T extends string>(props: {
  label: string;
  value: T;
  options: Array<[T, string]>;
  onChange: (value: T) => void;
}) {
  const classes = useStyles();
  return (
    <TextField
      className={classes.field}
      size="small"
      variant="outlined"
      select
      label={props.label}
      value={props.value}
      onChange={event => props.onChange(event.target.value as T)}
      SelectProps={{
        SelectDisplayProps: {
          'aria-label': `${props.label}: ${
            props.options.find(([value]) => value === props.value)?.[1] ?? ''
          }`,
        } as object,
      }}
    >
      {props.options.map(([value, text]) => (
        <MenuItem key={value || 'any'} value={value}>
          {text}
        </MenuItem>
      ))}
    </TextField>
  );
}
