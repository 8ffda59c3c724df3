import MuiTable from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableRow from '@material-ui/core/TableRow';
import type { ReactNode } from 'react';

/**
 * Labels and values in two columns; a value wraps anywhere, so a long URL
 * or message never widens the page.
 */
export function LabelledTable(props: {
  'aria-label': string;
  rows: Array<[string, ReactNode]>;
}) {
  return (
    <MuiTable size="small" aria-label={props['aria-label']}>
      <TableBody>
        {props.rows.map(([label, value]) => (
          <TableRow key={label}>
            {/* MUI gives a `th` of a body the role `cell`; a label heads its row. */}
            <TableCell
              component="th"
              scope="row"
              role="rowheader"
              style={{ width: '9em', verticalAlign: 'top' }}
            >
              {label}
            </TableCell>
            <TableCell style={{ overflowWrap: 'anywhere' }}>{value}</TableCell>
          </TableRow>
        ))}
      </TableBody>
    </MuiTable>
  );
}
