export { ExpectationStatus, expectedVersions } from './ExpectationStatus';
