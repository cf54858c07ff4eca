/**
 * Settings turned into what postman-runtime's options expect. Kept apart from the engine so
 * plain-Node tests check them without starting a run.
 */

/**
 * The URL patterns postman-collection's CertificateList matches a client certificate by:
 * `api.example.com`, `api.example.com:8443` or `*.example.com`, https only (a certificate is
 * never offered over plain http). A host given with a scheme or path keeps only its host.
 */
export function certificateMatches(host: string): string[] {
  const bare = host.trim().replace(/^[a-z][a-z0-9+.-]*:\/\//i, '').replace(/\/.*$/, '');
  return bare ? [`https://${bare}/*`] : [];
}

export interface ProxyParts {
  host: string;
  port: number;
  tunnel: boolean;
  authenticate: boolean;
  username?: string;
  password?: string;
}

/**
 * VS Code's `http.proxy` (`http://user:pass@proxy:3128`) as a ProxyConfig: host, port (the
 * scheme's default when absent), credentials when the URL holds them. Undefined for a URL
 * that cannot be read, so a typo in the setting sends directly rather than failing every request.
 */
export function proxyParts(url: string): ProxyParts | undefined {
  let parsed: URL;
  try {
    parsed = new URL(url.includes('://') ? url : `http://${url}`);
  } catch {
    return undefined;
  }
  if (!['http:', 'https:'].includes(parsed.protocol) || !parsed.hostname) {
    return undefined;
  }
  const port = parsed.port ? Number(parsed.port) : parsed.protocol === 'https:' ? 443 : 80;
  const username = decodeURIComponent(parsed.username);
  const password = decodeURIComponent(parsed.password);
  return {
    host: parsed.hostname,
    port,
    tunnel: false,
    authenticate: username !== '',
    ...(username ? { username, password } : {}),
  };
}
