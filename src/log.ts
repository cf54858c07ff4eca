import * as vscode from 'vscode';
import { type Logger, redact } from './postman';

/** One log line: redacted, each line break written as a backslash and an n, other controls as U+FFFD. */
function line(message: string): string {
  // eslint-disable-next-line no-control-regex -- control characters are exactly what must go
  return redact(message).replace(/\r\n?|[\n\u2028\u2029]/g, '\\n').replace(/[\u0000-\u0008\u000b-\u001f\u007f]/g, '\ufffd');
}

/**
 * The "Postman" log channel. Every line passes through `redact`, so even a message that
 * quoted a key by mistake reaches the log without it, and is kept to one line: a name or a
 * server's text holding a line break cannot forge a log line of its own.
 */
export class Log implements Logger, vscode.Disposable {
  private readonly channel = vscode.window.createOutputChannel('Postman', { log: true });

  debug(message: string): void {
    this.channel.debug(line(message));
  }

  info(message: string): void {
    this.channel.info(line(message));
  }

  warn(message: string): void {
    this.channel.warn(line(message));
  }

  error(message: string): void {
    this.channel.error(line(message));
  }

  show(): void {
    this.channel.show(true);
  }

  dispose(): void {
    this.channel.dispose();
  }
}
