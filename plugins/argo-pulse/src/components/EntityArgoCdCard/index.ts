export { EntityArgoCdCard, MissingArgoCdAnnotation } from './EntityArgoCdCard';
