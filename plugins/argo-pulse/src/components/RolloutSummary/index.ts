export { RolloutSummary } from './RolloutSummary';
export { RolloutImages } from './RolloutImages';
export {
  changedImages,
  resumes,
  rolloutMessagesShown,
  rolloutsUnderWay,
  rolloutTone,
} from './rolloutState';
