export { ApplicationActions } from './ApplicationActions';
export { RollbackAction } from './RollbackAction';
export { rollbackExplanations } from './rollbackExplanations';
