import * as vscode from 'vscode';
import { type PostmanRepository, userMessage } from '../postman';
import { displayName } from '../text/plain';

interface Picked extends vscode.QuickPickItem {
  uid: string;
  name: string;
  workspaceName: string;
}

/**
 * A quick pick of every collection (or environment) across all workspaces, searchable by
 * name. Items appear as each workspace arrives; workspaces already in the cache cost no
 * call, the rest are paced like any other request.
 */
export function pickResource(repo: PostmanRepository, kind: 'collection' | 'environment'): Promise<{ uid: string; name: string; workspaceName: string } | undefined> {
  const plural = kind === 'collection' ? 'collections' : 'environments';
  const pick = vscode.window.createQuickPick<Picked>();
  pick.title = kind === 'collection' ? 'Postman: Open Collection' : 'Postman: Open Environment';
  pick.placeholder = `Type to search ${plural} in all workspaces`;
  pick.matchOnDescription = true;
  pick.busy = true;
  const cancelled = new AbortController();
  const items: Picked[] = [];
  (async () => {
    try {
      const workspaces = await repo.workspaces();
      await Promise.all(
        workspaces.map(async (ws) => {
          try {
            const detail = await repo.workspace(ws.id);
            if (cancelled.signal.aborted) {
              return;
            }
            for (const ref of detail[plural]) {
              // Shown as the tree shows names (no bidi overrides or controls); the raw name goes on to the document.
              items.push({ label: displayName(ref.name), description: displayName(ws.name), uid: ref.uid ?? ref.id, name: ref.name, workspaceName: ws.name });
            }
            items.sort((a, b) => a.label.localeCompare(b.label));
            pick.items = [...items];
          } catch (err) {
            pick.placeholder = `Some workspaces could not be read: ${userMessage(err)}`;
          }
        }),
      );
      if (items.length === 0) {
        pick.placeholder = `No ${plural} found`;
      }
    } catch (err) {
      pick.placeholder = `Could not list workspaces: ${userMessage(err)}`;
    } finally {
      pick.busy = false;
    }
  })();
  return new Promise((resolve) => {
    pick.onDidAccept(() => {
      const chosen = pick.selectedItems[0];
      resolve(chosen ? { uid: chosen.uid, name: chosen.name, workspaceName: chosen.workspaceName } : undefined);
      pick.hide();
    });
    pick.onDidHide(() => {
      cancelled.abort();
      resolve(undefined);
      pick.dispose();
    });
    pick.show();
  });
}
