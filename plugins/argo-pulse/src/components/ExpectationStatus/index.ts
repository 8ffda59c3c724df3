export { ExpectationStatus } from './ExpectationStatus';
export { displayedExpectation, expectedVersions } from './displayedExpectation';
export type { DisplayedExpectation } from './displayedExpectation';
