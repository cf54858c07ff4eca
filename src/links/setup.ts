import * as vscode from 'vscode';
import type { Row } from '../tree/model/row';
import { msg } from '../text/plain';
import { notify } from '../ui/messages';
import { type LinkEntry, LinkService, type LinkServiceDeps, type LinkUi, defaultLinkUi, stateWords } from './linkService';
import { LinkStore } from './linkStore';
import { linkTarget, LinksView } from './linksView';

export interface Links {
  disposables: vscode.Disposable[];
  service: LinkService;
  store: LinkStore;
  view: LinksView;
  decorateRow(row: Row, item: vscode.TreeItem): void;
  setUi(overrides: Partial<LinkUi> | undefined): void;
}

/**
 * Collections as code: Postman collections, environments and specs linked to files of the
 * open folder (`postman/links.json`), with their status, Pull, Push and Compare.
 */
export function setUpLinks(
  deps: Omit<LinkServiceDeps, 'store' | 'ui'> & {
    /** The rows selected in the Postman tree (the palette's Link to File… uses the first). */
    selection(): readonly Row[];
    /** The tree draws again: which rows are linked changed. */
    redrawTree(): void;
    /** Where dist/postman-links.js is shipped. */
    extensionPath: string;
  },
): Links {
  let overrides: Partial<LinkUi> = {};
  const store = new LinkStore(deps.log);
  const service = new LinkService({ ...deps, store, ui: () => ({ ...defaultLinkUi, ...overrides }) });
  const view = new LinksView(service, store);
  let linked = '';
  const redrawWhenLinkedRowsChange = service.onDidChange(async () => {
    const now = (await service.list())
      .map((e) => `${e.link.kind}:${e.link.uid}:${e.state}`)
      .sort()
      .join('|');
    if (now !== linked) {
      linked = now;
      deps.redrawTree();
    }
  });

  /** The link a command is for: a Links view row, an Explorer file, the active editor's file, or one picked. */
  const entryFrom = async (arg: unknown): Promise<LinkEntry | undefined> => {
    const entries = await service.list();
    if (arg instanceof vscode.Uri) {
      return service.entryOf(arg);
    }
    if (arg && typeof arg === 'object' && 'link' in arg && 'folder' in arg) {
      const given = arg as LinkEntry;
      return entries.find((e) => e.folder.folder.uri.toString() === given.folder.folder.uri.toString() && e.link.path === given.link.path);
    }
    const active = vscode.window.activeTextEditor?.document.uri;
    const fromEditor = active && service.entryOf(active);
    if (fromEditor) {
      return fromEditor;
    }
    if (entries.length === 0) {
      void notify('info', msg`No file of the open folder is linked to Postman. Use Link to File… on a collection, environment or spec in the Postman view.`);
      return undefined;
    }
    const picked = await vscode.window.showQuickPick(
      entries.map((e) => ({ label: e.link.path, description: stateWords(e), entry: e })),
      { placeHolder: 'The linked file' },
    );
    return picked?.entry;
  };

  const onEntry = (fn: (entry: LinkEntry) => Promise<unknown>) => async (arg: unknown) => {
    const entry = await entryFrom(arg);
    return entry ? fn(entry) : undefined;
  };

  void service.recompute();
  return {
    service,
    store,
    view,
    decorateRow: (row, item) => view.decorateRow(row, item),
    setUi: (o) => {
      overrides = o ?? {};
    },
    disposables: [
      store,
      service,
      view,
      redrawWhenLinkedRowsChange,
      vscode.commands.registerCommand('postman.link.create', async (row?: Row) => {
        const target = linkTarget(row ?? deps.selection()[0]);
        if (!target) {
          void notify('info', msg`Choose a collection, environment or spec in the Postman view, then Link to File….`);
          return undefined;
        }
        return service.link(target);
      }),
      vscode.commands.registerCommand('postman.link.pull', onEntry((e) => service.pull(e))),
      vscode.commands.registerCommand('postman.link.push', onEntry((e) => service.push(e))),
      vscode.commands.registerCommand('postman.link.compare', onEntry((e) => service.compare(e))),
      vscode.commands.registerCommand('postman.link.remove', onEntry((e) => service.unlink(e))),
      vscode.commands.registerCommand('postman.link.refresh', () => service.check()),
      vscode.commands.registerCommand('postman.link.pullAll', () => service.pullAll()),
      vscode.commands.registerCommand('postman.link.pushAll', () => service.pushAll()),
      vscode.commands.registerCommand('postman.link.addScript', () => service.addScript(deps.extensionPath)),
    ],
  };
}
