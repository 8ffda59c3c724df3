export { ArgoPulseDeliveryCard } from './ArgoPulseDeliveryCard';
export type { ArgoPulseDeliveryCardProps } from './ArgoPulseDeliveryCard';
