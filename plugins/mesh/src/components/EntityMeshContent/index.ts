export { EntityMeshContent } from './EntityMeshContent';
export type { EntityMeshContentProps } from './EntityMeshContent';
