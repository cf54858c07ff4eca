import { userMessage } from '../../postman/errors';

/** A failure to prepare a send or run, already in the user's words (not a bug to report). */
export class RunError extends Error {
  override readonly name = 'RunError';
}

/** The words for any failure of a send or run: a RunError's own, else the client's wording. */
export function runFailure(err: unknown): string {
  return err instanceof RunError ? err.message : userMessage(err);
}
