// What a session's first reading would otherwise pay in its first part, at once: ICU's segmentation data built,
// the Markdown parser and the aligner's word splitter loaded, and the engine's first compile of the code that
// prepares and cuts text (each construct's code is compiled the first time it runs). Done before the first
// part instead, a step per turn of the event loop, so that no single step holds the editor's thread for long.
import { alignerVersion } from '../audio/aligner';
import { chunkPrepared } from './chunker';
import { warmSegmenters } from './segmenterWarmUp';
import { loadMarkdownParser, prepareText, type PrepareOptions } from './textPrep';

const PLAIN: PrepareOptions = { languageId: 'plaintext', codeBlocks: 'announce' };
const MARKDOWN: PrepareOptions = { languageId: 'markdown', codeBlocks: 'announce' };

/**
 * Small Markdown samples that between them take the parser, and our walk of its tree and our sentence rules,
 * through their common constructs once: first a sentence alone, then one with an abbreviation and a number.
 */
const MARKDOWN_SAMPLES = [
  'A b.',
  'A b. C d, e.g. f 7.30 g.\nH i.',
  '# A\n\nb *c* d.',
  '- a\n- b\n  1. c',
  '| a | b |\n|---|---|\n| 1 | 2 |',
  '[l](https://x.y) `c` ![i](j.png) <b>h</b> &amp; ~~s~~ www.x.org',
  '---\nt: 1\n---\n\n> q\n\n```js\nx\n```\n\n[^1]: n\n\n- [ ] t',
];

/**
 * Texts prepared and cut into parts as a first part is: sentences with an abbreviation, a number and a
 * paragraph break; then a run of Han with no punctuation, longer than a first part, which is cut at words.
 */
const PART_SAMPLES = [
  'Dr. Ames read it, e.g. at 7.30 on page 3. Was it clear?\n\nIt was!',
  '我们今天讨论的是一个非常重要的问题'.repeat(16),
];

/** What this session has warmed up: 'markdown' (the parser), 'parts' (preparing and cutting text). */
const warmed = new Set<'markdown' | 'parts'>();

/** The steps a reading of `languageId` still needs in this session (none once done). */
function steps(languageId: string): Array<() => void> {
  const out: Array<() => void> = [];
  if (languageId === 'markdown' && !warmed.has('markdown')) {
    warmed.add('markdown');
    out.push(loadMarkdownParser, ...MARKDOWN_SAMPLES.map((sample) => () => void prepareText(sample, MARKDOWN)));
  }
  if (!warmed.has('parts')) {
    warmed.add('parts');
    // The aligner's module splits a part's words; loaded in a step of its own.
    out.push(() => void alignerVersion());
    for (const sample of PART_SAMPLES) {
      let prepared: ReturnType<typeof prepareText> | undefined;
      out.push(() => void (prepared = prepareText(sample, PLAIN)), () => void chunkPrepared(prepared!));
    }
  }
  return out;
}

/** Runs the warm-up a reading of `languageId` still needs in this session, `turn` between steps. */
export async function warmUpReading(languageId: string, turn: () => Promise<void>): Promise<void> {
  await warmSegmenters();
  for (const step of steps(languageId)) {
    step();
    await turn();
  }
}
