import * as vscode from 'vscode';
import type { Message } from '../text/plain';
import { msg } from '../text/plain';
import type { EditTarget, TreeEdits } from './model/edits';
import { destinationOf, targetOf } from './model/editTargets';
import type { Row } from './model/row';

const MIME = 'application/vnd.code.tree.postman.workspaces';

/**
 * Moving requests and folders by drag and drop, within a collection and between the
 * collections of a workspace (several at once with multi-select). A drop onto a folder or
 * collection moves into it, at the end; a drop onto a request moves before it, in its folder.
 */
export class TreeDragAndDrop implements vscode.TreeDragAndDropController<Row> {
  readonly dragMimeTypes = [MIME];
  readonly dropMimeTypes = [MIME];
  /** Rows being dragged in this window (the transfer carries only their ids). */
  private dragged: Row[] = [];

  constructor(
    private readonly edits: TreeEdits,
    private readonly run: (what: Message, action: () => Promise<void>) => Promise<boolean>,
  ) {}

  handleDrag(source: readonly Row[], data: vscode.DataTransfer): void {
    this.dragged = source.filter((r) => (r.kind === 'folder' || r.kind === 'request') && targetOf(r) !== undefined);
    if (this.dragged.length > 0) {
      data.set(MIME, new vscode.DataTransferItem(this.dragged.map((r) => r.id)));
    }
  }

  async handleDrop(onto: Row | undefined, data: vscode.DataTransfer): Promise<void> {
    const ids = data.get(MIME)?.value as string[] | undefined;
    const rows = this.dragged.filter((r) => ids?.includes(r.id));
    this.dragged = [];
    const to = onto && destinationOf(onto);
    if (rows.length === 0 || !to) {
      return;
    }
    const items = rows.map((r) => targetOf(r) as EditTarget);
    const what = rows.length === 1 ? msg`Moving "${rows[0].label}" to "${dropLabel(onto)}"` : msg`Moving ${rows.length} items to "${dropLabel(onto)}"`;
    await this.run(what, () => this.edits.move(items, to));
  }
}

function dropLabel(onto: Row): string {
  return onto.kind === 'request' ? (onto.parent?.label ?? onto.label) : onto.label;
}

