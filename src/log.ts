import * as vscode from 'vscode';
import { type Logger, redact } from './postman';

/**
 * The "Postman" log channel. Every line passes through `redact`, so even a message that
 * quoted a key by mistake reaches the log without it.
 */
export class Log implements Logger, vscode.Disposable {
  private readonly channel = vscode.window.createOutputChannel('Postman', { log: true });

  debug(message: string): void {
    this.channel.debug(redact(message));
  }

  info(message: string): void {
    this.channel.info(redact(message));
  }

  warn(message: string): void {
    this.channel.warn(redact(message));
  }

  error(message: string): void {
    this.channel.error(redact(message));
  }

  show(): void {
    this.channel.show(true);
  }

  dispose(): void {
    this.channel.dispose();
  }
}
