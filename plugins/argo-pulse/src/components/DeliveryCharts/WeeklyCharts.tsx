import type { ArgoPulseInsightsResponse } from '@argo-pulse/backstage-plugin-common';
import { makeStyles, useTheme } from '@material-ui/core/styles';
import type { Theme } from '@material-ui/core/styles';
import Typography from '@material-ui/core/Typography';
import type { ReactNode } from 'react';
import {
  Bar,
  BarChart,
  CartesianGrid,
  Legend,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import { RESULTS, ResultKey, WeekPoint, weekPoints } from './weeklySeries';

type Weeks = ArgoPulseInsightsResponse['weeks'];

const useStyles = makeStyles(theme => ({
  grid: {
    display: 'grid',
    gridTemplateColumns: 'repeat(auto-fit, minmax(min(100%, 22em), 1fr))',
    gap: theme.spacing(2),
  },
  chart: { minWidth: 0, margin: 0 },
}));

/** Each result's colour, from the theme: red for what failed, greys for what was not decided. */
function resultColours(theme: Theme): Record<ResultKey, string> {
  return {
    healthy: theme.palette.success.main,
    degraded: theme.palette.error.main,
    failed: theme.palette.error.dark,
    progressing: theme.palette.info.main,
    superseded: theme.palette.grey[500],
    unknown: theme.palette.grey[400],
  };
}

/** The axes, grid and tooltip every chart has, in the theme's text colours. */
function useAxisProps() {
  const theme = useTheme();
  const tick = { fill: theme.palette.text.secondary, fontSize: 12 };
  return {
    grid: <CartesianGrid stroke={theme.palette.divider} vertical={false} />,
    x: <XAxis dataKey="week" tick={tick} interval="preserveStartEnd" />,
    y: (unit?: string) => (
      <YAxis tick={tick} allowDecimals={false} width={40} unit={unit} />
    ),
    tooltip: (
      <Tooltip
        contentStyle={{
          background: theme.palette.background.paper,
          border: `1px solid ${theme.palette.divider}`,
          color: theme.palette.text.primary,
        }}
        cursor={{ fill: theme.palette.action.hover }}
      />
    ),
  };
}

/**
 * A chart with its caption. The chart is hidden from screen readers and out
 * of the tab order (no accessibility layer): the same numbers are in the
 * text beside it (the figures, the weeks' table).
 */
function Chart(props: {
  caption: string;
  height: number;
  children: ReactNode;
}) {
  const classes = useStyles();
  return (
    <figure className={classes.chart}>
      <Typography variant="subtitle2" component="figcaption">
        {props.caption}
      </Typography>
      <div aria-hidden="true">
        <ResponsiveContainer width="100%" height={props.height}>
          {props.children as any}
        </ResponsiveContainer>
      </div>
    </figure>
  );
}

/** Deployments per week, stacked by their settled result. */
export function WeeklyDeploymentsChart(props: {
  weeks: Weeks;
  height?: number;
  caption?: string;
}) {
  const theme = useTheme();
  const axis = useAxisProps();
  const colours = resultColours(theme);
  const data = weekPoints(props.weeks);
  const shown = RESULTS.filter(([key]) => data.some(point => point[key]));
  return (
    <Chart
      caption={props.caption ?? 'Deployments per week, by result'}
      height={props.height ?? 200}
    >
      <BarChart data={data} accessibilityLayer={false}>
        {axis.grid}
        {axis.x}
        {axis.y()}
        {axis.tooltip}
        {/* The words in the text colour (the swatch has the result's): a light grey word is unreadable. */}
        <Legend
          formatter={word => (
            <span style={{ color: theme.palette.text.primary }}>{word}</span>
          )}
        />
        {shown.map(([key, word]) => (
          <Bar
            key={key}
            dataKey={key}
            name={word}
            stackId="result"
            fill={colours[key]}
            isAnimationActive={false}
          />
        ))}
      </BarChart>
    </Chart>
  );
}

/** One figure per week (weeks without a sample have no bar). */
function WeeklyFigureChart(props: {
  data: WeekPoint[];
  dataKey: keyof WeekPoint;
  caption: string;
  unit: string;
  colour: string;
}) {
  const axis = useAxisProps();
  return (
    <Chart caption={props.caption} height={180}>
      <BarChart data={props.data} accessibilityLayer={false}>
        {axis.grid}
        {axis.x}
        {axis.y(props.unit)}
        {axis.tooltip}
        <Bar
          dataKey={props.dataKey}
          name={props.caption}
          unit={props.unit}
          fill={props.colour}
          isAnimationActive={false}
        />
      </BarChart>
    </Chart>
  );
}

/** The charts of one figure each: what they plot, their caption, unit and colour. */
const FIGURE_CHARTS: Array<{
  dataKey: keyof WeekPoint;
  caption: string;
  unit: string;
  colour: (theme: Theme) => string;
}> = [
  {
    dataKey: 'leadTimeHours',
    caption: 'Lead time for changes (median, hours)',
    unit: 'h',
    colour: theme => theme.palette.primary.main,
  },
  {
    dataKey: 'failureRatePercent',
    caption: 'Change failure rate (%)',
    unit: '%',
    colour: theme => theme.palette.error.main,
  },
  {
    dataKey: 'restoreHours',
    caption: 'Time to restore (median, hours)',
    unit: 'h',
    colour: theme => theme.palette.warning.main,
  },
];

/** The four keys week by week: deployments by result, lead time, change failure rate, time to restore. */
export function WeeklyCharts(props: { weeks: Weeks }) {
  const classes = useStyles();
  const theme = useTheme();
  const data = weekPoints(props.weeks);
  return (
    <div className={classes.grid} data-testid="argo-pulse-delivery-charts">
      <WeeklyDeploymentsChart weeks={props.weeks} />
      {FIGURE_CHARTS.map(chart => (
        <WeeklyFigureChart
          key={chart.dataKey}
          data={data}
          {...chart}
          colour={chart.colour(theme)}
        />
      ))}
    </div>
  );
}
