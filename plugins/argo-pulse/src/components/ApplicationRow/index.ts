export { ApplicationRow } from './ApplicationRow';
