// Debian's Chromium, driven by playwright-core, is the VS Code window in the tests
// (playwright's own browser downloads cannot work without internet).
import * as fs from 'node:fs';
import { chromium, Browser, LaunchOptions } from 'playwright-core';

/** Headless in a container: no sandbox, no GPU, nothing that reaches the network. */
export const CHROMIUM_ARGS = [
  '--no-sandbox', '--disable-gpu', '--disable-background-networking',
  '--disable-component-update', '--disable-sync', '--no-first-run',
];

export function chromiumPath(): string {
  return process.env.CHROME_PATH || '/usr/bin/chromium';
}

/** `options` override the defaults, e.g. `{ handleSIGINT: false }` to clean up yourself. */
export async function launchBrowser(options: LaunchOptions = {}): Promise<Browser> {
  const executablePath = chromiumPath();
  if (!fs.existsSync(executablePath)) {
    throw new Error(`Chromium is not installed at ${executablePath}; run \`npm run setup:vscode\` (installs Chromium, Node 24 and code-server) or set CHROME_PATH to a Chromium binary.`);
  }
  return chromium.launch({ executablePath, args: CHROMIUM_ARGS, headless: true, ...options });
}
