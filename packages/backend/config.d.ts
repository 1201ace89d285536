export interface Config {
  permission?: {
    /**
     * Entity refs (users or groups, lowercase, e.g. `group:default/platform-admins`) whose members
     * may register and delete clusters and meshes.
     */
    meshAdmins?: string[];
  };
}
