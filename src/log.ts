// One LogOutputChannel for details. Every line passes through `redact`, which removes the current API
// key (kept in memory only for that) and anything shaped like a bearer token or an `sk-` key.
import * as vscode from 'vscode';
import { LOG_CHANNEL_NAME } from './constants';
import { redact } from './redact';

export class Log implements vscode.Disposable {
  private readonly channel = vscode.window.createOutputChannel(LOG_CHANNEL_NAME, { log: true });
  private secret: string | undefined;

  /** The key to scrub from every line (the current one from SecretStorage). */
  setSecret(secret: string | undefined): void {
    this.secret = secret;
  }

  redact(text: string): string {
    return redact(text, this.secret);
  }

  info(line: string): void {
    this.channel.info(this.redact(line));
  }

  warn(line: string): void {
    this.channel.warn(this.redact(line));
  }

  error(line: string, err?: unknown): void {
    const detail = err instanceof Error ? ` ${err.name}: ${err.message}${describeCause(err)}` : err !== undefined ? ` ${String(err)}` : '';
    this.channel.error(this.redact(line + detail));
  }

  debug(line: string): void {
    this.channel.debug(this.redact(line));
  }

  show(): void {
    this.channel.show(true);
  }

  dispose(): void {
    this.channel.dispose();
  }
}

function describeCause(err: Error): string {
  const c = (err as { cause?: unknown }).cause;
  return c instanceof Error ? ` (cause: ${c.name}: ${c.message})` : '';
}
