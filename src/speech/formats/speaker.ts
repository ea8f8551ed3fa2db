// Spoken text laid out as a reader hears it, over textPrep's Builder: runs of white space are one space and
// none is said at a line's start or end; block ends and sentence ends go through here so a pending space
// never lands before the "." or line end they add.
import type { Builder } from '../textPrep';

/** Says text the way a browser lays it out: runs of white space are one space, none at a line's start. */
export class Speaker {
  private pending: [number, number] | undefined;
  private lineEmpty = true;
  /** Inside a table cell: block elements there separate words, not lines. */
  cellDepth = 0;

  constructor(readonly b: Builder) {}

  say(ch: string, a: number, z: number): void {
    if (ch === ' ' || ch === '\n' || ch === '\t' || ch === '\f' || ch === '\r') {
      if (!this.lineEmpty) this.pending = this.pending ? [this.pending[0], z] : [a, z];
      return;
    }
    if (this.pending) {
      this.b.push(' ', this.pending[0], this.pending[1]);
      this.pending = undefined;
    }
    this.b.push(ch, a, z);
    this.lineEmpty = false;
  }

  /** Text standing for source [a, z) as a whole (a label, an attribute's value), inline. */
  word(text: string, a: number, z: number): void {
    if (text === '') return;
    if (this.pending) {
      this.b.push(' ', this.pending[0], this.pending[1]);
      this.pending = undefined;
    }
    this.b.insert(text, a, z);
    this.lineEmpty = false;
  }

  /** A word boundary that is not a line end (a cell's block inside a table row). */
  space(at: number): void {
    if (!this.lineEmpty && !this.pending) this.pending = [at, at];
  }

  endBlock(at: number): void {
    if (this.cellDepth > 0) return this.space(at);
    this.pending = undefined;
    this.b.endBlock(at);
    this.lineEmpty = true;
  }

  endSentence(at: number): void {
    if (this.cellDepth > 0) return this.space(at);
    this.pending = undefined;
    this.b.endSentence(at);
    this.lineEmpty = true;
  }

  /** A separator said between table cells (", "); white space after it is not said. */
  separator(text: string, at: number): void {
    this.pending = undefined;
    this.b.insert(text, at, at);
    this.lineEmpty = true;
  }

  /** Said text as a whole (an announcement), on a line of its own. */
  insert(text: string, a: number, z: number): void {
    this.endBlock(a);
    this.b.insert(text, a, z);
    this.lineEmpty = false;
  }
}

