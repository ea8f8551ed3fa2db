// Reads from the word at the cursor: in the parts Speak Document cuts, so a part heard before (in this run,
// or from the audio cache) plays from that word with no new speech task.
import type { Services } from './services';
import { startReading } from './speakSelection';

export const readFromHere = (s: Services) => startReading(s, 'fromWord');
