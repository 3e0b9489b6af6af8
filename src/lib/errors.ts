/**
 * Errors a service raises on purpose. The HTTP layer turns them into a status
 * and a JSON body `{ error, message, field? }`; anything else is a 500 whose
 * details stay in the server log.
 */
export class AppError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly field?: string,
    readonly headers?: Record<string, string>,
    /** For a refused state change: the actions allowed now. */
    readonly allowed?: string[],
  ) {
    super(message);
  }
}

export const badRequest = (message: string, field?: string) =>
  new AppError(400, "bad_request", message, field);
export const unauthorized = (message = "sign in first") => new AppError(401, "unauthorized", message);
export const forbidden = (message = "you may not do this") => new AppError(403, "forbidden", message);
export const notFound = (what: string) => new AppError(404, "not_found", `${what} not found`);
export const conflict = (message: string, field?: string) => new AppError(409, "conflict", message, field);
export const tooManyRequests = (message: string, retryAfterSeconds: number, code = "too_many_requests") =>
  new AppError(429, code, message, undefined, { "retry-after": String(retryAfterSeconds) });
