import { HttpTransport, PostmanError } from '../src/postman';

/**
 * What a straightforward client does: a list endpoint per kind when a workspace opens, the
 * whole collection again whenever a folder opens, no cache, no coalescing, no pacing. It
 * waits out a 429's Retry-After and tries again, or it could not finish at all.
 */
export class NaiveClient {
  readonly http: HttpTransport;

  constructor(baseUrl: string, key: string) {
    this.http = new HttpTransport(() => ({ baseUrl, timeoutMs: 60_000 }), async () => ({ kind: 'apiKey', key }), undefined, 'bench-naive', {
      pacer: false,
      coalesce: false,
    });
  }

  async get(path: string, query?: Record<string, string | number | undefined>): Promise<unknown> {
    for (;;) {
      try {
        return await this.http.request('GET', path, { query });
      } catch (err) {
        if (err instanceof PostmanError && err.kind === 'rateLimited') {
          await new Promise((r) => setTimeout(r, (err.retryAfterSeconds ?? 1) * 1000));
          continue;
        }
        throw err;
      }
    }
  }

  async workspaces(): Promise<{ id: string }[]> {
    return ((await this.get('/workspaces')) as { workspaces: { id: string }[] }).workspaces;
  }

  async expandWorkspace(id: string): Promise<void> {
    await Promise.all([
      this.get('/collections', { workspace: id }),
      this.get('/environments', { workspace: id }),
      this.get('/mocks', { workspace: id }),
      this.get('/monitors', { workspace: id }),
    ]);
  }

  async collection(uid: string): Promise<{ collection: { item: unknown[] } }> {
    return (await this.get(`/collections/${uid}`)) as { collection: { item: unknown[] } };
  }
}
