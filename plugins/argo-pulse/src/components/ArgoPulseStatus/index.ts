export { HealthStatus, OperationStatus, SyncStatus } from './ArgoPulseStatus';
