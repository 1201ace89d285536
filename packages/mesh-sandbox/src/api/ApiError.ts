import { ResourceType } from '../registry/types';

export interface StatusCause {
  reason: string;
  message: string;
  field?: string;
}

export interface StatusDetails {
  name?: string;
  group?: string;
  kind?: string;
  uid?: string;
  causes?: StatusCause[];
  retryAfterSeconds?: number;
}

/** A Kubernetes `Status` object, the body of every error the apiserver returns. */
export interface Status {
  kind: 'Status';
  apiVersion: 'v1';
  metadata: Record<string, never>;
  status: 'Failure' | 'Success';
  message?: string;
  reason?: string;
  details?: StatusDetails;
  code: number;
}

/** `pods`, `deployments.apps`, `virtualservices.networking.istio.io`: how the apiserver names a resource in messages. */
function qualifiedResource(
  type: Pick<ResourceType, 'group' | 'plural'>,
): string {
  return type.group ? `${type.plural}.${type.group}` : type.plural;
}

function qualifiedKind(type: Pick<ResourceType, 'group' | 'kind'>): string {
  return type.group ? `${type.kind}.${type.group}` : type.kind;
}

/** An API failure with the code, reason and message a real apiserver would send. */
export class ApiError extends Error {
  constructor(
    readonly code: number,
    readonly reason: string,
    message: string,
    readonly details?: StatusDetails,
  ) {
    super(message);
    this.name = 'ApiError';
  }

  toStatus(): Status {
    return {
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message: this.message,
      reason: this.reason,
      ...(this.details ? { details: this.details } : {}),
      code: this.code,
    };
  }

  static badRequest(message: string): ApiError {
    return new ApiError(400, 'BadRequest', message);
  }

  static unauthorized(): ApiError {
    return new ApiError(401, 'Unauthorized', 'Unauthorized');
  }

  static notFound(
    type: Pick<ResourceType, 'group' | 'plural'>,
    name: string,
  ): ApiError {
    return new ApiError(
      404,
      'NotFound',
      `${qualifiedResource(type)} "${name}" not found`,
      {
        name,
        group: type.group || undefined,
        kind: type.plural,
      },
    );
  }

  /** A path the server has no handler for, like the apiserver's plain 404 page. */
  static pathNotFound(): ApiError {
    return new ApiError(
      404,
      'NotFound',
      'the server could not find the requested resource',
    );
  }

  static methodNotAllowed(): ApiError {
    return new ApiError(
      405,
      'MethodNotAllowed',
      'the server does not allow this method on the requested resource',
    );
  }

  static notAcceptable(message: string): ApiError {
    return new ApiError(406, 'NotAcceptable', message);
  }

  static alreadyExists(
    type: Pick<ResourceType, 'group' | 'plural'>,
    name: string,
  ): ApiError {
    return new ApiError(
      409,
      'AlreadyExists',
      `${qualifiedResource(type)} "${name}" already exists`,
      {
        name,
        group: type.group || undefined,
        kind: type.plural,
      },
    );
  }

  static conflict(
    type: Pick<ResourceType, 'group' | 'plural'>,
    name: string,
    why?: string,
  ): ApiError {
    return new ApiError(
      409,
      'Conflict',
      `Operation cannot be fulfilled on ${qualifiedResource(type)} "${name}": ${
        why ??
        'the object has been modified; please apply your changes to the latest version and try again'
      }`,
      { name, group: type.group || undefined, kind: type.plural },
    );
  }

  static expired(message: string): ApiError {
    return new ApiError(410, 'Expired', message);
  }

  /** A list asked for a revision the store has not reached: the apiserver gives up waiting with 504. */
  static resourceVersionTooLarge(requested: number, current: number): ApiError {
    return new ApiError(
      504,
      'Timeout',
      `Timeout: Too large resource version: ${requested}, current: ${current}`,
      {
        causes: [
          {
            reason: 'ResourceVersionTooLarge',
            message: 'Too large resource version',
          },
        ],
        retryAfterSeconds: 1,
      },
    );
  }

  static unsupportedMediaType(
    contentType: string,
    accepted: string[],
  ): ApiError {
    return new ApiError(
      415,
      'UnsupportedMediaType',
      `the body of the request was in an unknown format (${contentType || 'none'}) - accepted media types include: ${accepted.join(', ')}`,
    );
  }

  /** 422 Invalid: the object failed validation; each cause names the offending field. */
  static invalid(
    type: Pick<ResourceType, 'group' | 'kind'>,
    name: string,
    causes: StatusCause[],
  ): ApiError {
    const summary = causes.map(c =>
      c.field ? `${c.field}: ${c.message}` : c.message,
    );
    const joined =
      summary.length === 1 ? summary[0] : `[${summary.join(', ')}]`;
    return new ApiError(
      422,
      'Invalid',
      `${qualifiedKind(type)} "${name}" is invalid: ${joined}`,
      {
        name,
        group: type.group || undefined,
        kind: type.kind,
        causes,
      },
    );
  }

  static internal(message: string): ApiError {
    return new ApiError(
      500,
      'InternalError',
      `Internal error occurred: ${message}`,
    );
  }
}
