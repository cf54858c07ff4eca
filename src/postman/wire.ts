import axios, { type AxiosError, type AxiosInstance } from 'axios';
import { NETWORK_REASONS } from './networkWords';

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


/** axios reports a timeout under several codes, depending on where it struck. */
export function isTimeout(err: AxiosError): boolean {
  // Stryker disable next-line StringLiteral: the code is only compared with timeout codes
  const code = err.code ?? '';
  return code === 'ECONNABORTED' || code === 'ETIMEDOUT' || (code === 'ERR_CANCELED' && /timeout/i.test(err.message));
}

export function networkReason(err: AxiosError): string {
  const code = err.code ?? '';
  return NETWORK_REASONS[code] ?? (code || err.message || 'network error');
}
