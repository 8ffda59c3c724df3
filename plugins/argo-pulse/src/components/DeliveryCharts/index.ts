export { WeeklyCharts, WeeklyDeploymentsChart } from './WeeklyCharts';
export { WeeklyFiguresTable } from './WeeklyFiguresTable';
