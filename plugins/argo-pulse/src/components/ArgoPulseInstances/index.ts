export {
  ArgoPulseInstances,
  ArgoPulseInstancesPage,
} from './ArgoPulseInstances';
export type { ArgoPulseInstancesProps } from './ArgoPulseInstances';
