import Checkbox from '@material-ui/core/Checkbox';
import FormControlLabel from '@material-ui/core/FormControlLabel';
import Paper from '@material-ui/core/Paper';
import MenuItem from '@material-ui/core/MenuItem';
import { makeStyles } from '@material-ui/core/styles';
import TextField from '@material-ui/core/TextField';
import { useEffect, useState } from 'react';
import {
  DeploymentFilterState,
  OUTCOME_OPTIONS,
  SINCE_OPTIONS,
  TYPE_OPTIONS,
} from './deploymentFilters';

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

type TextKey = 'owner' | 'entity' | 'system' | 'instance';

/** A text filter, applied when the user leaves the field or presses Enter (not on every key). */
function TextFilter(props: {
  label: string;
  name: TextKey;
  state: DeploymentFilterState;
  onChange: (next: Partial<DeploymentFilterState>) => void;
  placeholder?: string;
}) {
  const classes = useStyles();
  const [text, setText] = useState(props.state[props.name]);
  useEffect(() => setText(props.state[props.name]), [props.state, props.name]);
  const apply = () =>
    text !== props.state[props.name] &&
    props.onChange({ [props.name]: text.trim() });
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

/** A choice among a few values. */
function SelectFilter<T extends string>(props: {
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
        SelectDisplayProps: { 'aria-label': props.label } as object,
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

/** The filters of the deployments page; every change goes back to the first page. */
export function DeploymentFilters(props: {
  state: DeploymentFilterState;
  onChange: (next: DeploymentFilterState) => void;
}) {
  const classes = useStyles();
  const change = (next: Partial<DeploymentFilterState>) =>
    props.onChange({ ...props.state, ...next, page: 0 });
  return (
    <Paper className={classes.bar} data-testid="argo-pulse-deployment-filters">
      <FormControlLabel
        control={
          <Checkbox
            checked={props.state.mine}
            onChange={event => change({ mine: event.target.checked })}
          />
        }
        label="Owned by me"
      />
      <TextFilter
        label="Owner"
        name="owner"
        placeholder="group:default/team-a"
        state={props.state}
        onChange={change}
      />
      <TextFilter
        label="Entity"
        name="entity"
        placeholder="component:default/payments-api"
        state={props.state}
        onChange={change}
      />
      <SelectFilter
        label="Kind"
        value={props.state.kind}
        options={[
          ['', 'Any kind'],
          ['component', 'Component'],
          ['resource', 'Resource'],
          ['system', 'System'],
          ['api', 'API'],
        ]}
        onChange={kind => change({ kind })}
      />
      <TextFilter
        label="System"
        name="system"
        placeholder="system:default/payments"
        state={props.state}
        onChange={change}
      />
      <TextFilter
        label="Instance"
        name="instance"
        placeholder="prod"
        state={props.state}
        onChange={change}
      />
      <SelectFilter
        label="Outcome"
        value={props.state.outcome}
        options={OUTCOME_OPTIONS}
        onChange={outcome => change({ outcome })}
      />
      <SelectFilter
        label="Rows"
        value={props.state.type}
        options={TYPE_OPTIONS}
        onChange={type => change({ type })}
      />
      <SelectFilter
        label="When"
        value={props.state.since}
        options={SINCE_OPTIONS}
        onChange={since => change({ since })}
      />
    </Paper>
  );
}
