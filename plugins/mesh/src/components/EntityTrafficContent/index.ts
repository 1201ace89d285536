export { EntityTrafficContent } from './EntityTrafficContent';
export type { EntityTrafficContentProps } from './EntityTrafficContent';
