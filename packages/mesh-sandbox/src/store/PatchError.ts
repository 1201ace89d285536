/** A patch that cannot be applied to the object (the apiserver answers 422 for these). */
export class PatchError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PatchError';
  }
}
