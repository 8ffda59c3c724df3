export { ArgoPulseOverviewCard } from './ArgoPulseOverviewCard';
export type { ArgoPulseOverviewCardProps } from './ArgoPulseOverviewCard';
