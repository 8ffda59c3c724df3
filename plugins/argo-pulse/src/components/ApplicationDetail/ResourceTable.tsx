import type { ArgoPulseResource } from '@argo-pulse/backstage-plugin-common';
import InputAdornment from '@material-ui/core/InputAdornment';
import { makeStyles } from '@material-ui/core/styles';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import TextField from '@material-ui/core/TextField';
import Tooltip from '@material-ui/core/Tooltip';
import Typography from '@material-ui/core/Typography';
import SearchIcon from '@material-ui/icons/Search';
import { useState } from 'react';
import type { ReactNode } from 'react';
import { HealthStatus, SyncStatus } from '../ArgoPulseStatus';
import { ImageTags } from '../ImageTag';
import { useStackedTableStyles } from '../stackedTable';

const useStyles = makeStyles(theme => ({
  head: {
    display: 'flex',
    flexWrap: 'wrap',
    alignItems: 'center',
    justifyContent: 'space-between',
    gap: theme.spacing(1),
    marginBottom: theme.spacing(1),
  },
  wrap: { overflowWrap: 'anywhere' },
}));

const COLUMNS: Array<{ label: string; width: string }> = [
  { label: 'Kind', width: '15%' },
  { label: 'Name', width: '25%' },
  { label: 'Namespace', width: '14%' },
  { label: 'Sync', width: '13%' },
  { label: 'Health', width: '14%' },
  { label: 'Images', width: '19%' },
];

/** A text cut to its cell, whole in a tooltip; selecting it copies it whole. */
function Cut(props: { text: string }) {
  const classes = useStackedTableStyles();
  return (
    <Tooltip title={props.text}>
      <span className={classes.cut}>{props.text}</span>
    </Tooltip>
  );
}

function Cell(props: { label: string; children: ReactNode }) {
  return <TableCell data-label={props.label}>{props.children}</TableCell>;
}

/** Unhealthy first (what needs attention), then by kind and name. */
function attentionOrder(a: ArgoPulseResource, b: ArgoPulseResource): number {
  const healthy = (r: ArgoPulseResource) =>
    !r.health || r.health.status === 'Healthy' ? 1 : 0;
  return (
    healthy(a) - healthy(b) ||
    a.kind.localeCompare(b.kind) ||
    a.name.localeCompare(b.name)
  );
}

function matches(resource: ArgoPulseResource, term: string): boolean {
  const text = [
    resource.kind,
    resource.name,
    resource.namespace,
    resource.syncStatus,
    resource.health?.status,
    ...(resource.images ?? []),
  ]
    .filter(Boolean)
    .join(' ')
    .toLocaleLowerCase('en-US');
  return text.includes(term.toLocaleLowerCase('en-US'));
}

/**
 * An application's resources, unhealthy first, with a filter over every
 * column: a table while the page is wide, a block of labelled lines per
 * resource below 960 px, and never wider than its card.
 */
export function ResourceTable(props: {
  resources: ArgoPulseResource[];
  truncated?: boolean;
}) {
  const classes = useStyles();
  const table = useStackedTableStyles();
  const [term, setTerm] = useState('');
  const shown = props.resources
    .filter(r => matches(r, term.trim()))
    .sort(attentionOrder);
  return (
    <div>
      <div className={classes.head}>
        <Typography variant="subtitle2" component="p">
          Resources{props.truncated ? ' (the first 500)' : ''}
        </Typography>
        <TextField
          size="small"
          placeholder="Filter"
          value={term}
          onChange={event => setTerm(event.target.value)}
          inputProps={{ 'aria-label': 'Filter the resources' }}
          InputProps={{
            startAdornment: (
              <InputAdornment position="start">
                <SearchIcon fontSize="small" />
              </InputAdornment>
            ),
          }}
        />
      </div>
      <Table size="small" className={table.table}>
        <TableHead>
          <TableRow>
            {COLUMNS.map(c => (
              <TableCell key={c.label} style={{ width: c.width }}>
                {c.label}
              </TableCell>
            ))}
          </TableRow>
        </TableHead>
        <TableBody>
          {shown.map(r => (
            <TableRow
              key={`${r.group ?? ''}/${r.kind}/${r.namespace ?? ''}/${r.name}`}
            >
              <Cell label="Kind">
                <Cut text={r.kind} />
              </Cell>
              <Cell label="Name">
                <Cut text={r.name} />
              </Cell>
              <Cell label="Namespace">
                <Cut text={r.namespace ?? '—'} />
              </Cell>
              <Cell label="Sync">
                {r.syncStatus ? <SyncStatus status={r.syncStatus} /> : '—'}
              </Cell>
              <Cell label="Health">
                {r.health ? (
                  <HealthStatus
                    status={r.health.status}
                    message={r.health.message}
                  />
                ) : (
                  '—'
                )}
              </Cell>
              <Cell label="Images">
                <span className={classes.wrap}>
                  <ImageTags images={r.images} />
                </span>
              </Cell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
      {shown.length === 0 && (
        <Typography variant="body2" color="textSecondary">
          {props.resources.length
            ? 'No resource matches the filter.'
            : 'Argo CD lists no resources.'}
        </Typography>
      )}
    </div>
  );
}
