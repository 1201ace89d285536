export interface Config {
  permission?: {
    /**
     * Entity refs (users or groups, e.g. `group:default/platform-admins`) whose members hold every
     * permission: register and delete clusters and meshes, change any entity's mesh config.
     */
    meshAdmins?: string[];
    /**
     * Allow every permission that is not Meshport's (catalog, Kubernetes, scaffolder, …) to
     * everyone, as Backstage's allow-all policy does. For the embedded default only. Off (the
     * default): read-type permissions go to signed-in users, the rest to mesh admins.
     */
    allowAllOtherPermissions?: boolean;
  };
}
