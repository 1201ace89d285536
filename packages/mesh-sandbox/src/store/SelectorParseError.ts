/** A malformed label or field selector; the API answers it with 400 BadRequest. */
export class SelectorParseError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SelectorParseError';
  }
}
