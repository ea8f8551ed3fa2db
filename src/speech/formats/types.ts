// What a reader of one file format gives the reading: the document cut into blocks (the unit of caching and
// of work, as for Markdown), and each block turned into the words a person would say, with the source range
// of every spoken character.
import type { Block, BlockSplit } from '../blocks';
import type { Pause } from '../slices';
import type { PrepareOptions, PreparedBlock } from '../textPrep';

export interface FormatReader {
  /** Cuts the whole document into blocks, in order, covering it without overlap. */
  blocks(source: string): BlockSplit;
  /**
   * The same split as `blocks`, made a slice at a time where `blocks` is a whole-document parse: `pause` is
   * awaited between steps.
   */
  blocksInSlices?(source: string, pause: Pause): Promise<BlockSplit>;
  /** Block `block` of `source`, spoken; offsets in the result are relative to `block.start`. */
  prepare(source: string, block: Block, opts: PrepareOptions): PreparedBlock;
  /**
   * Whether replacing `removed` with `inserted` at offset `at` of `source` (the text before the edit) leaves
   * every block of its split as it was, only moved: each still says alone what it says in the document, so
   * the split need not be made again (a whole-document parse). False whenever that is not certain.
   */
  keepsBlocks?(source: string, at: number, removed: string, inserted: string): boolean;
}
