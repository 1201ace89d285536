export type StoreErrorReason =
  'NotFound' | 'AlreadyExists' | 'Conflict' | 'Expired';

/** A store failure; the API layer turns it into a Kubernetes Status that names the resource. */
export class StoreError extends Error {
  constructor(
    readonly reason: StoreErrorReason,
    message: string,
  ) {
    super(message);
    this.name = 'StoreError';
  }
}
