export { ArgoPulseContent } from './ArgoPulseContent';
export type { ArgoPulseContentProps } from './ArgoPulseContent';
