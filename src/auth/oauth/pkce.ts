/**
 * PKCE (RFC 7636) and the `state` value. Always S256: the "plain" method protects nothing
 * against an attacker who can read the authorization request. No vscode import.
 */
import { createHash, randomBytes } from 'node:crypto';

export interface Pkce {
  /** 43 characters of base64url from 32 random bytes: within RFC 7636's 43–128 and its alphabet. */
  verifier: string;
  challenge: string;
  method: 'S256';
}

/** BASE64URL(SHA256(ASCII(verifier))), RFC 7636 section 4.2. */
export function s256Challenge(verifier: string): string {
  return createHash('sha256').update(verifier, 'ascii').digest('base64url');
}

export function createPkce(): Pkce {
  const verifier = randomBytes(32).toString('base64url');
  return { verifier, challenge: s256Challenge(verifier), method: 'S256' };
}

/** An unguessable `state` (256 bits), one per authorization request. */
export function randomState(): string {
  return randomBytes(32).toString('base64url');
}
