import type { ArgoPulseEntityDelivery } from '@argo-pulse/backstage-plugin-common';
import { EntityRefLink } from '@backstage/plugin-catalog-react';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import TableSortLabel from '@material-ui/core/TableSortLabel';
import { makeStyles } from '@material-ui/core/styles';
import { useState } from 'react';
import { useStackedTableStyles } from '../stackedTable';
import {
  DeliverySort,
  DeliverySortKey,
  environmentCell,
  figureCells,
  sortEntities,
} from './entityDeliveryRows';

const useStyles = makeStyles({
  wrap: { overflowWrap: 'anywhere' },
});

const METRICS: Array<[Exclude<DeliverySortKey, 'entity'>, string]> = [
  ['frequency', 'Frequency'],
  ['leadTime', 'Lead time'],
  ['changeFailureRate', 'Change failure rate'],
  ['timeToRestore', 'Time to restore'],
];

/** The direction a column sorts in first: the worst first for failure rate and durations. */
const FIRST_DIRECTION: Record<DeliverySortKey, 'asc' | 'desc'> = {
  entity: 'asc',
  frequency: 'desc',
  leadTime: 'desc',
  changeFailureRate: 'desc',
  timeToRestore: 'desc',
};

/**
 * Each entity's production figures (sortable by each) and how many
 * deployments it made to each environment; a block of labelled lines per
 * entity below 960 px.
 */
export function EntityDeliveryTable(props: {
  entities: ArgoPulseEntityDelivery[];
  environments: string[];
}) {
  const classes = useStyles();
  const table = useStackedTableStyles();
  const [sort, setSort] = useState<DeliverySort>({
    key: 'entity',
    direction: 'asc',
  });
  const sortBy = (key: DeliverySortKey) =>
    setSort(current =>
      current.key === key
        ? { key, direction: current.direction === 'asc' ? 'desc' : 'asc' }
        : { key, direction: FIRST_DIRECTION[key] },
    );
  const header = (key: DeliverySortKey, label: string) => (
    <TableCell
      key={key}
      sortDirection={sort.key === key ? sort.direction : false}
    >
      <TableSortLabel
        active={sort.key === key}
        direction={sort.key === key ? sort.direction : FIRST_DIRECTION[key]}
        onClick={() => sortBy(key)}
      >
        {label}
      </TableSortLabel>
    </TableCell>
  );
  return (
    <Table
      size="small"
      className={table.table}
      data-testid="argo-pulse-delivery-entities"
      aria-label="Delivery per entity"
    >
      <TableHead>
        <TableRow>
          {header('entity', 'Entity')}
          {METRICS.map(([key, label]) => header(key, label))}
          {props.environments.map(environment => (
            <TableCell key={`env-${environment}`}>{environment}</TableCell>
          ))}
        </TableRow>
      </TableHead>
      <TableBody>
        {sortEntities(props.entities, sort).map(entity => {
          const cells = figureCells(entity.production);
          return (
            <TableRow key={entity.entityRef}>
              <TableCell data-label="Entity" className={classes.wrap}>
                <EntityRefLink entityRef={entity.entityRef} />
              </TableCell>
              {METRICS.map(([key, label]) => (
                <TableCell key={key} data-label={label}>
                  {cells[key]}
                </TableCell>
              ))}
              {props.environments.map(environment => (
                <TableCell key={`env-${environment}`} data-label={environment}>
                  {environmentCell(
                    entity.environments.find(e => e.environment === environment)
                      ?.figures,
                  )}
                </TableCell>
              ))}
            </TableRow>
          );
        })}
      </TableBody>
    </Table>
  );
}
