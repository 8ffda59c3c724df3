import type { ArgoPulseInsightsResponse } from '@argo-pulse/backstage-plugin-common';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import { useStackedTableStyles } from '../stackedTable';
import { figureCells } from './entityDeliveryRows';

const COLUMNS = [
  ['frequency', 'Frequency'],
  ['leadTime', 'Lead time'],
  ['changeFailureRate', 'Change failure rate'],
  ['timeToRestore', 'Time to restore'],
] as const;

/** The four keys of each environment, in rollout order. */
export function EnvironmentsTable(props: {
  environments: ArgoPulseInsightsResponse['environments'];
}) {
  const table = useStackedTableStyles();
  return (
    <Table
      size="small"
      className={table.table}
      aria-label="Delivery per environment"
      data-testid="argo-pulse-delivery-environments"
    >
      <TableHead>
        <TableRow>
          <TableCell>Environment</TableCell>
          {COLUMNS.map(([key, label]) => (
            <TableCell key={key}>{label}</TableCell>
          ))}
        </TableRow>
      </TableHead>
      <TableBody>
        {props.environments.map(({ environment, figures }) => {
          const cells = figureCells(figures);
          return (
            <TableRow key={environment}>
              <TableCell data-label="Environment">{environment}</TableCell>
              {COLUMNS.map(([key, label]) => (
                <TableCell key={key} data-label={label}>
                  {cells[key]}
                </TableCell>
              ))}
            </TableRow>
          );
        })}
      </TableBody>
    </Table>
  );
}
