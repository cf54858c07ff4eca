import * as vscode from 'vscode';
import { type Message, render } from '../text/plain';

/**
 * The one way the extension shows a message. Notifications, modal dialogs, the
 * notification's progress title and file-system errors (VS Code shows their text in
 * notifications of its own) all render links in their text, so each takes a Message
 * (made with `msg`, which escapes every piece of data) and renders it once more here.
 * ESLint forbids calling `vscode.window.show*Message` anywhere else.
 */
export type Severity = 'info' | 'warning' | 'error';

const SHOW: Record<Severity, (message: string, ...actions: string[]) => Thenable<string | undefined>> = {
  info: (message, ...actions) => vscode.window.showInformationMessage(message, ...actions),
  warning: (message, ...actions) => vscode.window.showWarningMessage(message, ...actions),
  error: (message, ...actions) => vscode.window.showErrorMessage(message, ...actions),
};

/** What was shown, as VS Code was given it: tests in the extension host read it here. */
export interface ShownMessage {
  kind: Severity | 'modal' | 'progress' | 'fileSystemError';
  text: string;
}

const observers = new Set<(shown: ShownMessage) => void>();

/** Tells `listener` about every message shown from now on (tests); dispose to stop. */
export function observeMessages(listener: (shown: ShownMessage) => void): vscode.Disposable {
  observers.add(listener);
  return new vscode.Disposable(() => observers.delete(listener));
}

function shown(kind: ShownMessage['kind'], text: string): string {
  observers.forEach((listener) => listener({ kind, text }));
  return text;
}

/** A notification with buttons (our own words); resolves with the one chosen, undefined if dismissed. */
export function notify(severity: Severity, message: Message, ...actions: string[]): Thenable<string | undefined> {
  return SHOW[severity](shown(severity, render(message)), ...actions);
}

/** A modal warning; resolves with the action chosen, undefined for Cancel. */
export function modal(message: Message, detail: Message, ...actions: string[]): Thenable<string | undefined> {
  const text = shown('modal', render(message));
  return vscode.window.showWarningMessage(text, { modal: true, detail: shown('modal', render(detail)) }, ...actions);
}

/** Long work in a notification whose title names data ("Importing …"). */
export function notificationProgress<R>(title: Message, task: (progress: vscode.Progress<{ message?: string }>, token: vscode.CancellationToken) => Thenable<R>, cancellable = false): Thenable<R> {
  return vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: shown('progress', render(title)), cancellable }, task);
}

/** A progress message inside such a notification. */
export function progressMessage(message: Message): { message: string } {
  return { message: shown('progress', render(message)) };
}

type FsErrorKind = 'FileNotFound' | 'NoPermissions' | 'Unavailable';

/**
 * A FileSystemError: VS Code puts its text into "Failed to save…" and "Unable to open…"
 * notifications. Given a Uri, VS Code words it (the Uri is printed encoded).
 */
export function fsError(kind: FsErrorKind, message: Message | vscode.Uri): vscode.FileSystemError {
  return vscode.FileSystemError[kind](message instanceof vscode.Uri ? message : shown('fileSystemError', render(message)));
}

/** Text for a quick input's prompt or validation message, which render links too. */
export function inputText(message: Message): string {
  return render(message);
}
