export { ApplicationActions } from './ApplicationActions';
export { RollbackAction } from './RollbackAction';
