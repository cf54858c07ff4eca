import { PostmanError } from './errors';

export const DEFAULT_BASE_URL = 'https://api.getpostman.com';

/** Postman's data-residency regions and their API hosts. */
export const REGION_BASE_URLS = { us: DEFAULT_BASE_URL, eu: 'https://api.eu.postman.com' } as const;
export type Region = keyof typeof REGION_BASE_URLS;

/** The base URL to use: an explicit `postman.apiBaseUrl` wins, else the region's host (US unless "eu"). */
export function resolveBaseUrl(explicit: string | undefined, region: string | undefined): string {
  if (explicit !== undefined && explicit.trim() !== '') {
    return parseBaseUrl(explicit);
  }
  return REGION_BASE_URLS[region === 'eu' ? 'eu' : 'us'];
}

const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]', '::1']);

/** localhost, 127.0.0.0/8 or [::1]: where plain http never leaves the machine. */
export function isLoopback(hostname: string): boolean {
  return LOOPBACK_HOSTS.has(hostname) || /^127(\.\d{1,3}){3}$/.test(hostname);
}

/**
 * Checks the configured API base URL. Plain http would send the API key in clear text, so
 * it is refused except on loopback, where only local test servers live.
 * Returns the URL without a trailing slash.
 */
export function parseBaseUrl(raw: string | undefined): string {
  const text = (raw ?? '').trim() || DEFAULT_BASE_URL;
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new PostmanError('invalidConfig', `The setting postman.apiBaseUrl is not a valid URL: "${text}".`);
  }
  if (url.username || url.password) {
    throw new PostmanError('invalidConfig', 'The setting postman.apiBaseUrl must not contain a user name or password.');
  }
  if (url.search || url.hash) {
    throw new PostmanError('invalidConfig', 'The setting postman.apiBaseUrl must not contain a query or fragment.');
  }
  if (url.protocol === 'http:' && !isLoopback(url.hostname)) {
    throw new PostmanError(
      'invalidConfig',
      `The setting postman.apiBaseUrl uses plain http for ${url.hostname}; the API key would travel unencrypted. Use https (http is allowed only for localhost).`,
    );
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new PostmanError('invalidConfig', `The setting postman.apiBaseUrl must be an https URL, not ${url.protocol}.`);
  }
  return url.toString().replace(/\/+$/, '');
}
