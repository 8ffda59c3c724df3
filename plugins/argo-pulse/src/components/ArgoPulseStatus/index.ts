export { HealthStatus, SyncStatus } from './ArgoPulseStatus';
