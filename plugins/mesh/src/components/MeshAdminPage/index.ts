export { MeshAdminPage } from './MeshAdminPage';
export type { MeshAdminPageProps } from './MeshAdminPage';
