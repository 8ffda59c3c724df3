export { ArgoPulseDelivery, ArgoPulseDeliveryPage } from './ArgoPulseDelivery';
export type { ArgoPulseDeliveryProps } from './ArgoPulseDelivery';
