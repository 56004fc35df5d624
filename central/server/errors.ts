/** Protocol errors raised by the central server, in the shape both the fastify routes and the tus endpoint send. */
import type { ErrorBody, ErrorCode } from '../../sync/protocol/http';

export class CentralError extends Error {
  constructor(
    readonly status: number,
    readonly code: ErrorCode,
    message: string,
    readonly retryable: boolean,
    readonly reason?: string,
  ) {
    super(message);
    this.name = 'CentralError';
  }

  body(): ErrorBody {
    return {
      error: this.code,
      message: this.message,
      retryable: this.retryable,
      ...(this.reason ? { reason: this.reason } : {}),
    };
  }
}

export function asCentralError(error: unknown): CentralError {
  if (error instanceof CentralError) return error;
  return new CentralError(500, 'internal', 'internal error', true);
}
