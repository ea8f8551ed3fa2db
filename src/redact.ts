// Scrubs the API key and anything shaped like a credential from text before it is logged or shown.
// No vscode import (unit-tested).
const TOKENISH = [/\b(Bearer\s+)[^\s"',]+/gi, /\bsk-[A-Za-z0-9_-]{6,}/g, /("?(?:api[_-]?key|authorization)"?\s*[:=]\s*"?)[^\s"',]+/gi];

/** Replaces `secret` and token-shaped strings in `text` with `[redacted]`. */
export function redact(text: string, secret?: string): string {
  let out = text;
  if (secret && secret.length >= 4) out = out.split(secret).join('[redacted]');
  for (const re of TOKENISH) out = out.replace(re, (_m, prefix?: string) => `${typeof prefix === 'string' ? prefix : ''}[redacted]`);
  return out;
}
