import { LoggerService } from '@backstage/backend-plugin-api';
import { CanaryVerdict } from '@meshport/plugin-mesh-common';
import { randomUUID } from 'crypto';
import { CanaryStore } from '../database/CanaryStore';

/** The part of CanaryService the controller drives. */
export interface CanaryStepper {
  step(id: string, owner: string): Promise<CanaryVerdict | undefined>;
}

export interface CanaryControllerOptions {
  store: Pick<CanaryStore, 'listDue'>;
  canaries: CanaryStepper;
  logger: LoggerService;
  /** Steps judged at once; each waits mostly on Prometheus and the cluster. */
  concurrency?: number;
  /** This replica's name in leases; unique per process by default. */
  owner?: string;
  now?: () => Date;
}

/** What one tick did, for logs and the bench. */
export interface CanaryTickResult {
  due: number;
  stepped: number;
  /** Due canaries another replica (or a person) held. */
  skipped: number;
  failed: number;
  verdicts: Partial<Record<CanaryVerdict, number>>;
}

/**
 * Steps every due canary. Run as a Backstage scheduler task (scope global), so normally one
 * replica ticks at a time; the store's lease makes that a guarantee per canary even when two
 * replicas do tick together, or a tick outlives its schedule.
 */
export class CanaryController {
  private readonly owner: string;
  private readonly concurrency: number;
  private readonly now: () => Date;

  constructor(private readonly options: CanaryControllerOptions) {
    this.owner = options.owner ?? `controller-${randomUUID()}`;
    this.concurrency = Math.max(1, options.concurrency ?? 16);
    this.now = options.now ?? (() => new Date());
  }

  async tick(): Promise<CanaryTickResult> {
    const due = await this.options.store.listDue(this.now(), 1000);
    const result: CanaryTickResult = {
      due: due.length,
      stepped: 0,
      skipped: 0,
      failed: 0,
      verdicts: {},
    };
    let next = 0;
    const worker = async () => {
      while (next < due.length) {
        const id = due[next++];
        try {
          const verdict = await this.options.canaries.step(id, this.owner);
          if (!verdict) {
            result.skipped++;
            continue;
          }
          result.stepped++;
          result.verdicts[verdict] = (result.verdicts[verdict] ?? 0) + 1;
          if (verdict !== 'advanced' && verdict !== 'held')
            this.options.logger.info(`Canary ${id}: ${verdict}`);
        } catch (e) {
          result.failed++;
          this.options.logger.error(
            `Canary ${id}: the step failed and will be retried: ${(e as Error).message}`,
          );
        }
      }
    };
    await Promise.all(
      Array.from({ length: Math.min(this.concurrency, due.length) }, worker),
    );
    return result;
  }
}
