// What a session's first reading would otherwise pay in its first part, at once: ICU's segmentation data built,
// the Markdown parser and the aligner's word splitter loaded, and the engine's first compile of the code that prepares and cuts text (each
// construct's code is compiled the first time it runs). Done before the first part instead, a step per turn
// of the event loop, so that no single step holds the editor's thread for long.
import { alignerVersion } from '../audio/aligner';
import { chunkPrepared } from './chunker';
import { warmSegmenters } from './segmenterWarmUp';
import { prepareText, warmUpSteps, type PrepareOptions } from './textPrep';

const PLAIN: PrepareOptions = { languageId: 'plaintext', codeBlocks: 'announce' };

/**
 * Texts prepared and cut into parts as a first part is: sentences with an abbreviation, a number and a
 * paragraph break; then a run of Han with no punctuation, longer than a first part, which is cut at words.
 */
const PART_SAMPLES = [
  'Dr. Ames read it, e.g. at 7.30 on page 3. Was it clear?\n\nIt was!',
  '我们今天讨论的是一个非常重要的问题'.repeat(16),
];

let partsWarmed = false;

/** Runs the warm-up a reading of `languageId` still needs in this session (none once done), `turn` between steps. */
export async function warmUpReading(languageId: string, turn: () => Promise<void>): Promise<void> {
  await warmSegmenters();
  const steps = warmUpSteps(languageId);
  if (!partsWarmed) {
    partsWarmed = true;
    // The aligner's module splits a part's words; loaded in a step of its own.
    steps.push(() => void alignerVersion());
    for (const sample of PART_SAMPLES) {
      let prepared: ReturnType<typeof prepareText> | undefined;
      steps.push(() => void (prepared = prepareText(sample, PLAIN)), () => void chunkPrepared(prepared!));
    }
  }
  for (const step of steps) {
    step();
    await turn();
  }
}
