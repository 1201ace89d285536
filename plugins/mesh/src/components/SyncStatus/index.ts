export { SyncStatus } from './SyncStatus';
