import { ServiceUnavailableError } from '@backstage/errors';

/**
 * A metrics source could not answer: Prometheus down, slow or refusing, or every scraped endpoint
 * failing. It keeps `ServiceUnavailableError`'s name on purpose, so Backstage's error handler
 * answers 503 and clients that know Backstage's error names need nothing new; tell it apart with
 * `instanceof`. Messages say what failed and where (URL without credentials), never a credential.
 */
export class MetricsUnavailableError extends ServiceUnavailableError {}
