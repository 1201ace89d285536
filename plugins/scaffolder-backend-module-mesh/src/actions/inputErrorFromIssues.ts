import { InputError } from '@backstage/errors';
import { ZodIssue } from 'zod';

export type IssuePath = Array<string | number>;

/**
 * A validation failure of the request body as an InputError that names the ACTION's inputs
 * (`stepWeight`, `checks.successRateMin`), not the body's (`plan.stepWeight`,
 * `plan.checks.0.minPercent`): the template author only sees the former. `toInputPath` does the
 * renaming.
 */
export function inputErrorFromIssues(
  actionId: string,
  issues: ZodIssue[],
  toInputPath: (bodyPath: IssuePath) => IssuePath = p => p,
): InputError {
  const lines = issues.flatMap(flattenUnion).map(issue => {
    const name = toInputPath(issue.path).join('.') || 'input';
    return `${name}: ${issue.message}`;
  });
  return new InputError(
    `Invalid input to ${actionId}: ${[...new Set(lines)].join('; ')}`,
  );
}

/**
 * zod reports a failed union as one "Invalid input" issue holding every member's issues. The
 * member meant is the one whose `kind` matched (the actions always set it); its issues say what
 * is actually wrong.
 */
function flattenUnion(issue: ZodIssue): ZodIssue[] {
  if (issue.code !== 'invalid_union') return [issue];
  const meant = issue.unionErrors.filter(
    e => !e.issues.some(i => i.path[i.path.length - 1] === 'kind'),
  );
  if (meant.length !== 1) return [issue];
  return meant[0].issues.flatMap(flattenUnion);
}
