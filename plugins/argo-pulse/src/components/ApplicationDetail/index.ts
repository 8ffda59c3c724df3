export { ApplicationDetail, ApplicationDetailView } from './ApplicationDetail';
