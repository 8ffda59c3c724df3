import type { ArgoPulseInsightsResponse } from '@argo-pulse/backstage-plugin-common';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import Typography from '@material-ui/core/Typography';
import { useId } from 'react';
import { useStackedTableStyles } from '../stackedTable';
import { weekInWords } from './weeklySeries';

const COLUMNS = [
  ['week', 'Week of', '12%'],
  ['deployments', 'Deployments', '40%'],
  ['leadTime', 'Lead time', '14%'],
  ['failureRate', 'Change failure rate', '20%'],
  ['restore', 'Time to restore', '14%'],
] as const;

/** The weeks' figures as text: what the charts draw, readable by anyone and copied whole. */
export function WeeklyFiguresTable(props: {
  weeks: ArgoPulseInsightsResponse['weeks'];
}) {
  const table = useStackedTableStyles();
  const titleId = useId();
  return (
    <div>
      <Typography variant="subtitle2" component="p" id={titleId}>
        Week by week
      </Typography>
      <Table
        size="small"
        className={table.table}
        aria-labelledby={titleId}
        data-testid="argo-pulse-delivery-weeks"
      >
        <TableHead>
          <TableRow>
            {COLUMNS.map(([key, label, width]) => (
              <TableCell key={key} style={{ width }}>
                {label}
              </TableCell>
            ))}
          </TableRow>
        </TableHead>
        <TableBody>
          {props.weeks.map(week => {
            const words = weekInWords(week);
            return (
              <TableRow key={week.from}>
                {COLUMNS.map(([key, label]) => (
                  <TableCell key={key} data-label={label}>
                    {words[key]}
                  </TableCell>
                ))}
              </TableRow>
            );
          })}
        </TableBody>
      </Table>
    </div>
  );
}
