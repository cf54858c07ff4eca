/**
 * What went wrong below HTTP, in words a user can act on, by Node's error code: shared by the
 * Postman transport, the OAuth token endpoint (both through wire.ts) and the requests that a
 * send or run makes (runs/model/requestError.ts), which meet the same networks, proxies and
 * certificates. No imports: the runtime bundle takes it without axios.
 */
export const NETWORK_REASONS: Readonly<Record<string, string>> = {
  ECONNREFUSED: 'connection refused',
  ECONNRESET: 'the connection was reset',
  ENOTFOUND: 'host not found',
  EAI_AGAIN: 'DNS lookup failed',
  EHOSTUNREACH: 'host unreachable',
  ENETUNREACH: 'network unreachable',
  CERT_HAS_EXPIRED: 'the server certificate has expired',
  SELF_SIGNED_CERT_IN_CHAIN: 'a self-signed certificate is in the chain (a corporate proxy?)',
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: 'the server certificate could not be verified',
};
