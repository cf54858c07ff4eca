import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Page } from 'playwright-core';
import { OAuthTestServer, PUBLIC_CLIENT_ID, SCOPE, TEST_USER, withoutRequestId } from '../fixtures/oauthServer';
import { LocalPostmanServer } from '../fixtures/postmanServer';
import { findCodeServer } from '../harness/codeServer';
import { Workbench } from './workbench';

/**
 * A person signs in with OAuth 2.0 in the packaged extension, in code-server, through the
 * real browser: palette → Postman: Sign In → OAuth 2.0 → the authorization server's login and
 * consent pages in the tab VS Code opens → redirect to code-server's callback URL → the
 * extension's URI handler → tokens → the tree, loaded with a Bearer token.
 */
const ACCOUNT = 'Taylor Lee (taylor-lee)';
const EXTENSION = 'postman-workspaces-dev.postman-workspaces';

/** The commit code-server's workbench is served under (its callback URL contains it). */
function codeServerCommit(): string {
  const product = path.join(path.dirname(findCodeServer().entry), '..', '..', 'lib', 'vscode', 'product.json');
  return (JSON.parse(fs.readFileSync(product, 'utf8')) as { commit: string }).commit;
}

describe('e2e: OAuth 2.0 sign-in through the browser', function () {
  this.timeout(240_000);
  // Not 127.0.0.1: VS Code would open that through code-server's port proxy (/proxy/<port>/).
  const oauth = new OAuthTestServer({ host: '127.0.0.2' });
  /** Every bearer token the Postman server was shown: none may appear in the page or the logs. */
  const tokens = new Set<string>();
  const postman = new LocalPostmanServer({
    rateLimits: false,
    bearerTokens: (token) => {
      tokens.add(token);
      return oauth.bearerCheck(token);
    },
  });
  const wb = new Workbench();
  let page: Page;
  let redirectUri = '';

  before(async () => {
    await oauth.start();
    const apiUrl = await postman.start();
    await wb.open({
      settings: {
        'postman.apiBaseUrl': apiUrl,
        'postman.oauth.authorizationUrl': oauth.authorizationUrl,
        'postman.oauth.tokenUrl': oauth.tokenUrl,
        'postman.oauth.clientId': PUBLIC_CLIENT_ID,
        'postman.oauth.scopes': [SCOPE],
        'postman.oauth.revocationUrl': oauth.revocationUrl,
      },
    });
    page = wb.page;
    wb.moreSecrets = () => [...tokens, ...oauth.issuedSecrets()];
    // What an administrator registers for code-server: its callback URL for this extension
    // (the vscode-reqid parameter changes with every sign-in and is not compared).
    redirectUri = `${new URL(page.url()).origin}/stable-${codeServerCommit()}/callback?vscode-scheme=code-oss&vscode-authority=${EXTENSION}&vscode-path=%2Foauth-callback`;
    oauth.redirectUris = [redirectUri];
  });

  after(async () => {
    try {
      await wb.close('OAuth sign-in');
    } finally {
      await postman.stop();
      await oauth.stop();
    }
  });

  it('signs in: palette → OAuth 2.0 → login and consent in the browser → back in VS Code, the tree loads with a Bearer token', async () => {
    await wb.openPostmanView();
    await page.locator('.welcome-view-content').waitFor({ timeout: 30_000 });
    await wb.runCommand('Postman: Sign In');
    const oauthRow = wb.quickPickRow('Sign in with your browser');
    await oauthRow.waitFor();
    assert.match(await oauthRow.innerText(), /OAuth 2\.0/);
    const popup = page.context().waitForEvent('page', { timeout: 30_000 });
    await oauthRow.click();
    // VS Code may first ask before it opens a site that is not a trusted domain.
    const trust = page.locator('.monaco-dialog-box', { hasText: 'open the external website' });
    const asked = trust.waitFor({ timeout: 30_000 }).then(() => true, () => false);
    if (await Promise.race([popup.then(() => false, () => false), asked])) {
      assert.match(await trust.innerText(), /127\.0\.0\.2/);
      await trust.locator('.dialog-buttons a.monaco-button', { hasText: /^Open$/ }).click();
    }
    // VS Code shows the wait as a cancellable progress notification.
    await wb.toast(/continue in your browser/).waitFor({ timeout: 15_000 });
    const auth = await popup;
    await auth.waitForLoadState();
    const opened = new URL(auth.url());
    assert.equal(opened.origin, oauth.issuer, auth.url());

    // The authorization server's own pages, in the tab VS Code opened.
    await auth.locator('h1', { hasText: 'Sign in to the local OAuth test server' }).waitFor({ timeout: 15_000 });
    await auth.locator('input[name="username"]').fill(TEST_USER.username);
    await auth.locator('input[name="password"]').fill(TEST_USER.password);
    await auth.getByRole('button', { name: 'Sign in' }).click();
    await auth.locator('h1', { hasText: 'Allow access to your Postman account?' }).waitFor({ timeout: 15_000 });
    assert.match(await auth.locator('body').innerText(), new RegExp(`${PUBLIC_CLIENT_ID}[\\s\\S]*${SCOPE}`));
    await auth.getByRole('button', { name: 'Allow' }).click();
    // The redirect lands on code-server's callback page, which hands the response to the extension.
    await auth.waitForURL((u) => u.pathname.endsWith('/callback'), { timeout: 15_000 });
    await auth.locator('body', { hasText: 'You can close this page now' }).waitFor({ timeout: 15_000 });
    const landed = new URL(auth.url());
    assert.equal(withoutRequestId(`${landed.origin}${landed.pathname}?${[...landed.searchParams].filter(([k]) => k.startsWith('vscode-')).map(([k, v]) => `${k}=${encodeURIComponent(v)}`).join('&')}`), redirectUri);
    assert.ok(landed.searchParams.get('code') && landed.searchParams.get('state'));
    await auth.close();

    await wb.toast(`Signed in as ${ACCOUNT}.`).waitFor({ timeout: 30_000 });
    for (const ws of postman.dataset.workspaces) {
      await wb.row(ws.name).waitFor({ timeout: 15_000 });
    }
    assert.equal(oauth.grantCount('authorization_code'), 1);
    assert.ok(postman.count({ path: '/workspaces', status: 200 }) >= 1);
    assert.ok(postman.requests.length > 0);
    assert.deepEqual([...new Set(postman.requests.map((r) => r.credential))], ['bearer']);
    await wb.toast(/continue in your browser/).waitFor({ state: 'detached', timeout: 15_000 });
  });

  it('shows the account in the Accounts menu; signing out there revokes the tokens', async () => {
    const dialog = await wb.signOutFromAccountsMenu(ACCOUNT);
    await dialog?.locator('.dialog-buttons a.monaco-button', { hasText: 'Sign Out' }).click();
    await page.locator('.welcome-view-content').waitFor({ timeout: 15_000 });
    const revoked = async () => oauth.count('/token/revocation', 'refresh_token') === 1 && oauth.count('/token/revocation', 'access_token') === 1;
    for (let i = 0; i < 100 && !(await revoked()); i++) {
      await new Promise((r) => setTimeout(r, 100));
    }
    assert.ok(await revoked(), 'Sign Out revoked the refresh and access tokens');
    for (const token of tokens) {
      assert.equal(await oauth.introspect(token), false);
    }
  });

  it('never shows or logs a token', async () => {
    assert.ok(tokens.size >= 1);
    const pageText = await page.locator('body').innerText();
    const files = Workbench.walk(path.join(wb.userDataDir, 'logs'));
    assert.ok(files.some((f) => f.endsWith('Postman.log')));
    for (const token of tokens) {
      assert.ok(!pageText.includes(token), 'page text');
      assert.ok(!wb.hostLog.join('\n').includes(token), "code-server's output");
      assert.deepEqual(files.filter((f) => fs.readFileSync(f).includes(token)), []);
    }
  });
});
