/**
 * The `postman.oauth.*` settings, checked. Endpoint URLs follow the API base URL's rule:
 * https, or plain http only on loopback (a code or token must not cross a network in clear
 * text). No vscode import: the extension reads the raw values, this decides what they mean.
 */
import { isLoopback } from '../../postman';
import { OAuthError } from './errors';

export type OAuthGrant = 'authorizationCode' | 'clientCredentials';

export interface RawOAuthSettings {
  authorizationUrl?: unknown;
  tokenUrl?: unknown;
  clientId?: unknown;
  scopes?: unknown;
  revocationUrl?: unknown;
  issuer?: unknown;
}

/** Where the tokens of one client come from and go back to. Kept with a session, so a
 * refresh token is only ever sent to the server that issued it, whatever the settings say later. */
export interface OAuthClientRef {
  tokenUrl: string;
  clientId: string;
  revocationUrl?: string;
}

export interface OAuthConfig extends OAuthClientRef {
  /** Only needed for Authorization Code. */
  authorizationUrl?: string;
  /** RFC 9207: the issuer an authorization response must name when it names one (Authorization Code only). */
  issuer?: string;
  scopes: string[];
}

export const SETTING = {
  authorizationUrl: 'postman.oauth.authorizationUrl',
  tokenUrl: 'postman.oauth.tokenUrl',
  clientId: 'postman.oauth.clientId',
  scopes: 'postman.oauth.scopes',
  revocationUrl: 'postman.oauth.revocationUrl',
  issuer: 'postman.oauth.issuer',
} as const;

/** Checks an endpoint URL: absolute, https (http only for loopback), no user info, no fragment. */
export function parseEndpointUrl(raw: string, setting: string): string {
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    throw new OAuthError('config', `The setting ${setting} is not a valid URL: "${raw.trim()}".`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new OAuthError('config', `The setting ${setting} must be an https URL, not ${url.protocol}.`);
  }
  if (url.protocol === 'http:' && !isLoopback(url.hostname)) {
    throw new OAuthError('config', `The setting ${setting} uses plain http for ${url.hostname}; codes and tokens would travel unencrypted. Use https (http is allowed only for localhost).`);
  }
  if (url.username || url.password) {
    throw new OAuthError('config', `The setting ${setting} must not contain a user name or password.`);
  }
  if (url.hash) {
    throw new OAuthError('config', `The setting ${setting} must not contain a fragment (#…).`);
  }
  return url.toString();
}

/** Scopes as a list: trimmed, space-separated entries split, empty ones and duplicates dropped. */
export function normalizeScopes(raw: unknown): string[] {
  const list = Array.isArray(raw) ? raw : typeof raw === 'string' ? [raw] : [];
  const out: string[] = [];
  for (const entry of list) {
    if (typeof entry !== 'string') {
      continue;
    }
    for (const scope of entry.split(/\s+/)) {
      if (scope && !out.includes(scope)) {
        out.push(scope);
      }
    }
  }
  return out;
}

function text(v: unknown): string {
  return typeof v === 'string' ? v.trim() : '';
}

/**
 * The configuration a grant needs, or an OAuthError('config') naming every missing setting
 * (Authorization Code: authorization URL, token URL, client id; Client Credentials: token URL
 * and client id — the secret is checked separately, it is not a setting).
 */
export function oauthConfig(raw: RawOAuthSettings, grant: OAuthGrant): OAuthConfig {
  const missing = missingSettings(raw, grant);
  if (missing.length > 0) {
    throw new OAuthError('config', `${grant === 'authorizationCode' ? 'Signing in with OAuth 2.0' : 'Signing in with OAuth 2.0 client credentials'} needs an OAuth client registered with your authorization server, and the settings ${missing.join(', ')}.`);
  }
  const config: OAuthConfig = {
    tokenUrl: parseEndpointUrl(text(raw.tokenUrl), SETTING.tokenUrl),
    clientId: text(raw.clientId),
    scopes: normalizeScopes(raw.scopes),
  };
  if (grant === 'authorizationCode') {
    config.authorizationUrl = parseEndpointUrl(text(raw.authorizationUrl), SETTING.authorizationUrl);
    // Without a setting, the issuer is expected to be the authorization server's origin.
    config.issuer = text(raw.issuer) ? parseEndpointUrl(text(raw.issuer), SETTING.issuer) : new URL(config.authorizationUrl).origin;
  }
  if (text(raw.revocationUrl)) {
    config.revocationUrl = parseEndpointUrl(text(raw.revocationUrl), SETTING.revocationUrl);
  }
  return config;
}

/** The settings a grant needs that are empty. */
export function missingSettings(raw: RawOAuthSettings, grant: OAuthGrant): string[] {
  return [
    ...(grant === 'authorizationCode' && !text(raw.authorizationUrl) ? [SETTING.authorizationUrl] : []),
    ...(!text(raw.tokenUrl) ? [SETTING.tokenUrl] : []),
    ...(!text(raw.clientId) ? [SETTING.clientId] : []),
  ];
}

/** Whether enough is set to offer a grant at all (before checking the URLs themselves). */
export function isConfigured(raw: RawOAuthSettings, grant: OAuthGrant): boolean {
  try {
    oauthConfig(raw, grant);
    return true;
  } catch {
    return false;
  }
}
