/** Token sets as kept with a session, and when one needs renewing. No vscode import. */

export interface TokenSet {
  accessToken: string;
  refreshToken?: string;
  /** When the access token expires (ms since the epoch); unknown when the server did not say. */
  expiresAt?: number;
  /** When the access token was obtained (ms since the epoch). */
  obtainedAt: number;
  /** The scope the server granted, if it said. */
  scope?: string;
}

/** Renew this long before expiry: a minute, or a quarter of a short lifetime. */
const MAX_MARGIN_MS = 60_000;

export function renewalMarginMs(tokens: TokenSet): number {
  if (tokens.expiresAt === undefined) {
    return 0;
  }
  return Math.min(MAX_MARGIN_MS, Math.max(0, (tokens.expiresAt - tokens.obtainedAt) / 4));
}

/** True once the access token is within its renewal margin of expiring (or past it). */
export function needsRenewal(tokens: TokenSet, now: number): boolean {
  return tokens.expiresAt !== undefined && now >= tokens.expiresAt - renewalMarginMs(tokens);
}

export function isExpired(tokens: TokenSet, now: number): boolean {
  return tokens.expiresAt !== undefined && now >= tokens.expiresAt;
}
