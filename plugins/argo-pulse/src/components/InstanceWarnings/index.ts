export { InstanceWarnings } from './InstanceWarnings';
