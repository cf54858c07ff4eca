import { NETWORK_REASONS } from '../../postman/networkWords';

/**
 * Why a request of a send or run got no answer, in words a user can act on. postman-request
 * reports these as Node's error codes ("ESOCKETTIMEDOUT", "read ECONNRESET"); the words come
 * first and the runtime's own text stays in brackets for anyone searching for it.
 */
const WORDS: Record<string, string> = {
  ...NETWORK_REASONS,
  // Where a send or run has words of its own: its settings, and what a request is told.
  ESOCKETTIMEDOUT: 'the server stopped answering within the request timeout (postman.send.requestTimeoutSeconds)',
  ETIMEDOUT: 'no answer within the request timeout (postman.send.requestTimeoutSeconds)',
  ECONNRESET: 'the server closed the connection without answering',
  ECONNREFUSED: 'connection refused: nothing is listening at that host and port',
  DEPTH_ZERO_SELF_SIGNED_CERT: "the server's certificate is self-signed (postman.send.strictSSL turns the check off)",
  SELF_SIGNED_CERT_IN_CHAIN: 'a self-signed certificate is in the chain, perhaps a corporate proxy (postman.send.strictSSL turns the check off)',
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: "the server's certificate could not be verified (postman.send.strictSSL turns the check off)",
  ERR_TLS_CERT_ALTNAME_INVALID: "the server's certificate is for another host name",
};

/** An error of the runtime's as text: the words for its code first, then its own message. */
export function requestErrorText(err: { code?: unknown; message?: string; name?: string }): string {
  const message = err.message || String(err);
  const own = err.name && err.name !== 'Error' && !message.startsWith(err.name) ? `${err.name}: ${message}` : message;
  const words = typeof err.code === 'string' && Object.hasOwn(WORDS, err.code) ? WORDS[err.code] : undefined;
  return words ? `${words[0].toUpperCase()}${words.slice(1)} (${own}).` : own;
}
