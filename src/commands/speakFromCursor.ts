// Reads the active document from the sentence at the cursor to the end, following along in the editor.
import type { Services } from './services';
import { startReading } from './speakSelection';

export const speakFromCursor = (s: Services) => startReading(s, 'fromCursor');
