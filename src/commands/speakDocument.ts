// Reads the whole active document aloud, following along in the editor.
import type { Services } from './services';
import { startReading } from './speakSelection';

export const speakDocument = (s: Services) => startReading(s, 'document');
