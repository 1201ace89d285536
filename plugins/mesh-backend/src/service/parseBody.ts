import { InputError } from '@backstage/errors';
import { describeZodError } from '@meshport/plugin-mesh-common';
import { z } from 'zod';

/** Validates a request body; a failure is a 400 that names every bad field path. */
export function parseBody<S extends z.ZodTypeAny>(
  schema: S,
  body: unknown,
): z.output<S> {
  const result = schema.safeParse(body ?? {});
  if (!result.success)
    throw new InputError(
      `Invalid request body: ${describeZodError(result.error)}`,
    );
  return result.data;
}
