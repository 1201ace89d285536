export { run } from './run';
export type { CliIO } from './io';
