import {
  AuditorService,
  AuditorServiceCreateEventOptions,
} from '@backstage/backend-plugin-api';

/**
 * Runs a write inside an auditor event: the event is opened before the write and closed as a
 * success or a failure (with the error) after it; the write's result or error passes through.
 */
export async function auditedWrite<T>(
  auditor: AuditorService,
  event: AuditorServiceCreateEventOptions,
  write: () => Promise<T>,
): Promise<T> {
  const audit = await auditor.createEvent(event);
  try {
    const result = await write();
    await audit.success();
    return result;
  } catch (error) {
    await audit.fail({ error: error as Error });
    throw error;
  }
}
