// The API key lives in SecretStorage and nowhere else. This wrapper is all the extension sees of it.
import * as vscode from 'vscode';
import { SECRET_API_KEY } from './constants';

export class Secrets implements vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  private readonly sub: vscode.Disposable;

  /** Fires when the key was set or cleared, in this window or another one. */
  readonly onDidChange = this.changed.event;

  constructor(private readonly storage: vscode.SecretStorage) {
    this.sub = storage.onDidChange((e) => {
      if (e.key === SECRET_API_KEY) this.changed.fire();
    });
  }

  async get(): Promise<string | undefined> {
    const v = await this.storage.get(SECRET_API_KEY);
    return v ? v : undefined;
  }

  set(key: string): Thenable<void> {
    return this.storage.store(SECRET_API_KEY, key);
  }

  clear(): Thenable<void> {
    return this.storage.delete(SECRET_API_KEY);
  }

  dispose(): void {
    this.sub.dispose();
    this.changed.dispose();
  }
}

/** Why `value` (already trimmed) cannot be an API key, or undefined when it can. */
export function validateApiKey(value: string): string | undefined {
  if (!value) return 'Enter your Evolink API key.';
  if (/\s/.test(value)) return 'An API key has no spaces or line breaks.';
  return undefined;
}
