export { ArgoPulseVersionsCard, VersionsContent } from './ArgoPulseVersionsCard';
export type { ArgoPulseVersionsCardProps } from './ArgoPulseVersionsCard';
