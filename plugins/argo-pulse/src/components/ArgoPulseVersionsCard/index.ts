export { ArgoPulseVersionsCard } from './ArgoPulseVersionsCard';
export type { ArgoPulseVersionsCardProps } from './ArgoPulseVersionsCard';
