/** The part of a zod error the forms need; structural so this package does not import zod itself. */
export interface ValidationIssues {
  issues: Array<{ path: Array<string | number>; message: string }>;
}

/**
 * Maps validation issues to one message per field path (`caData`, `members.1.cluster`), keeping the
 * first message for a path so each field shows a single line under it.
 */
export function fieldErrors(error: ValidationIssues): Record<string, string> {
  const out: Record<string, string> = {};
  for (const issue of error.issues) {
    const path = issue.path.length ? issue.path.join('.') : '';
    if (!(path in out)) {
      out[path] = issue.message === 'Required' ? 'is required' : issue.message;
    }
  }
  return out;
}

/**
 * The backend's 400 messages start with the field path (e.g. `apiUrl must be a URL…`). Returns that
 * field when it is one of `fields`, so the message can sit under the input it concerns.
 */
export function fieldOfServerMessage(
  message: string,
  fields: readonly string[],
): string | undefined {
  const first = message.split(/\s/, 1)[0];
  return fields.includes(first) ? first : undefined;
}
