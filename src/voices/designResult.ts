// Reads the voice name out of a finished voice-design task. Evolink documents `result_data` as an object or
// an array of objects, so the name is `result_data.voice` or `result_data[0].voice`. No vscode import.

/** The most of `result_data` written to the log when it names no voice. */
export const MAX_LOGGED_RESULT_CHARS = 2000;

function voiceOf(v: unknown): string | undefined {
  if (typeof v !== 'object' || v === null || Array.isArray(v) || !Object.hasOwn(v, 'voice')) return undefined;
  const name = (v as { voice?: unknown }).voice;
  return typeof name === 'string' && name.trim() !== '' ? name.trim() : undefined;
}

/** The designed voice's full name, from `result_data.voice` or `result_data[0].voice`; undefined when neither holds one. */
export function designedVoiceName(resultData: unknown): string | undefined {
  return Array.isArray(resultData) ? voiceOf(resultData[0]) : voiceOf(resultData);
}

/** `result_data` as it came, for the log: JSON, cut to MAX_LOGGED_RESULT_CHARS. */
export function describeResultData(resultData: unknown): string {
  if (resultData === undefined) return '(absent)';
  let text: string;
  try {
    text = JSON.stringify(resultData) ?? String(resultData);
  } catch {
    text = String(resultData);
  }
  return text.length > MAX_LOGGED_RESULT_CHARS ? `${text.slice(0, MAX_LOGGED_RESULT_CHARS)}… (${text.length} characters)` : text;
}

/**
 * A voice design that finished (and was charged) without a voice name in its answer. Its message says so and
 * where to look: the log holds the task id and what Evolink sent.
 */
export class UnnamedVoiceError extends Error {
  constructor(readonly preferredName: string, readonly taskId: string) {
    super(`Evolink finished designing “${preferredName}” and charged its credits, but its answer names no voice `
      + `(task ${taskId}). What it sent is in the Evolink TTS log (Show Log); the voice's full name, if Evolink gave `
      + 'one, is there, and you can enter it with Select Voice.');
    this.name = 'UnnamedVoiceError';
  }
}
