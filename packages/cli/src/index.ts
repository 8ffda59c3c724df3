export { run } from './main';
export type { Io } from './main';
export { EXIT } from './exitCodes';
