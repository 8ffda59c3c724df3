export {
  ArgoPulseDeployments,
  ArgoPulseDeploymentsPage,
} from './ArgoPulseDeployments';
export type { ArgoPulseDeploymentsProps } from './ArgoPulseDeployments';
