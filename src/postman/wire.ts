import axios, { type AxiosError, type AxiosInstance } from 'axios';

/**
 * How this extension talks HTTP, wherever it does (the Postman API, the OAuth token and
 * revocation endpoints): every status is read and every body parsed by the caller, no
 * redirect is followed (one could carry a key or token to another host), and proxies are
 * left to VS Code, which applies its http.proxy settings to Node's agents.
 */
export function createWireClient(headers: Record<string, string>): AxiosInstance {
  return axios.create({
    validateStatus: () => true,
    // Stryker disable next-line StringLiteral: Node's adapter hands over text for every type but arraybuffer and stream
    responseType: 'text',
    // Stryker disable next-line ArrayDeclaration: an empty list transforms nothing either
    transformResponse: [(data: unknown) => data],
    maxRedirects: 0,
    proxy: false,
    headers,
  });
}

/**
 * What went wrong below HTTP, in words a user can act on: shared by the Postman transport and
 * the OAuth token endpoint, which meet the same networks, proxies and certificates.
 */
const REASONS: Record<string, string> = {
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

/** axios reports a timeout under several codes, depending on where it struck. */
export function isTimeout(err: AxiosError): boolean {
  // Stryker disable next-line StringLiteral: the code is only compared with timeout codes
  const code = err.code ?? '';
  return code === 'ECONNABORTED' || code === 'ETIMEDOUT' || (code === 'ERR_CANCELED' && /timeout/i.test(err.message));
}

export function networkReason(err: AxiosError): string {
  const code = err.code ?? '';
  return REASONS[code] ?? (code || err.message || 'network error');
}
