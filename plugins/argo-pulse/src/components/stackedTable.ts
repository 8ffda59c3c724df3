import { makeStyles } from '@material-ui/core/styles';

/**
 * A table with fixed columns that never widens its card: while the page is
 * wide it is a table; below 960 px each row is a block of labelled lines
 * (each cell's `data-label` before its value), so nothing scrolls sideways
 * on a laptop. `cut` shortens a text to its cell with an ellipsis.
 */
export const useStackedTableStyles = makeStyles(theme => ({
  table: {
    tableLayout: 'fixed',
    width: '100%',
    '& td, & th': { padding: theme.spacing(0.75, 1) },
    [theme.breakpoints.down('sm')]: {
      '& thead': { display: 'none' },
      '& tr': {
        display: 'block',
        padding: theme.spacing(1, 0),
        borderBottom: `1px solid ${theme.palette.divider}`,
      },
      '& td': {
        display: 'grid',
        gridTemplateColumns: '8em minmax(0, 1fr)',
        columnGap: theme.spacing(1),
        border: 0,
        padding: theme.spacing(0.25, 1),
      },
      '& td::before': {
        content: 'attr(data-label)',
        color: theme.palette.text.secondary,
      },
    },
  },
  cut: {
    display: 'block',
    overflow: 'hidden',
    textOverflow: 'ellipsis',
    whiteSpace: 'nowrap',
  },
}));
