export { ArgoPulseHistoryCard } from './ArgoPulseHistoryCard';
export type { ArgoPulseHistoryCardProps } from './ArgoPulseHistoryCard';
