// The pipeline's ClipSink for reading a document: plays each clip through the player, moves the
// highlight to the sentence being heard (from the page's real playback position and the sentence times the
// aligner reads from the clip's own audio; in proportion to the sentences' characters where it cannot),
// and carries out previous / next / repeat sentence. Moving back into an
// earlier clip replays audio this run already has (a short history), so nothing is paid for twice.
import type * as vscode from 'vscode';
import type { AudioData } from '../api/types';
import type { Player } from '../player/player';
import { abortError } from '../api/async';
import type { Highlighter } from './highlighter';
import { alignClip, type Alignment } from '../audio/align';
import { sentenceAtTime, timeOfSentence, type SpannedChunk } from './position';

/** What the pipeline hands the sink (src/speech/pipeline.ts `Clip`). */
export interface FollowedClip {
  index: number;
  chunk: SpannedChunk;
  audio: AudioData;
  taskId?: string;
  cached: boolean;
}

/** Where reading is: the clip, the sentence in it, and the page's position. */
export interface FollowPosition {
  clip: number;
  sentence: number;
  currentTime: number;
  duration: number;
}

/** Pausing at sentence or paragraph boundaries (evolinkTts.pauseAfter), asked of the reading that owns the follower. */
export interface FollowerHooks {
  /** Whether to pause between the sentence just heard and the next one, and why. */
  pauseAt?(before: { start: number }, after: { start: number }): 'sentence' | 'paragraph' | undefined;
  /** Reading paused at a boundary (the Pause/Resume key goes on). */
  onPausedAt?(why: 'sentence' | 'paragraph'): void;
}

const HISTORY = 8;
/** After a seek, position reports from before it are ignored for this long. */
const SEEK_SETTLE_MS = 1500;

export class Follower implements vscode.Disposable {
  private readonly history: FollowedClip[] = [];
  /** Part numbers in the order clips were first heard (a pass that reads an edit again starts its indexes at 0). */
  private readonly partOf = new WeakMap<FollowedClip, number>();
  /** Each clip's sentence times, read from its audio once, before it first plays. */
  private readonly aligned = new WeakMap<FollowedClip, Alignment | undefined>();
  private parts = 0;
  private now: { clip: FollowedClip; sentence: number; currentTime: number; duration: number } | undefined;
  private jump: { clip: FollowedClip; sentence: number } | undefined;
  private seeking: { sentence: number; until: number } | undefined;
  /** Reading moved to a sentence whose clip has not come yet: clips before it are passed over. */
  private skipUntil: number | undefined;
  /** Paused at a boundary: the sentence just heard stays highlighted until playback goes on. */
  private held: { start: number; end: number } | undefined;
  private readonly sub: vscode.Disposable;
  private readonly playSub: vscode.Disposable;

  constructor(
    private readonly player: Player,
    private readonly highlighter: Highlighter,
    private readonly uri: vscode.Uri,
    /** Number of clips expected in the run (an estimate: edits change it). */
    private readonly total: () => number,
    private readonly hooks: FollowerHooks = {},
  ) {
    this.sub = player.onTimeUpdate((p) => this.onTime(p.currentTime, p.duration));
    this.playSub = player.onPlayback((e) => {
      // A clip that took long to start (written out, loaded): reports from before its start position are stale.
      if (e.kind === 'playing' && this.seeking) this.seeking.until = Date.now() + SEEK_SETTLE_MS;
      if (e.kind !== 'playing' || !this.held) return;
      this.held = undefined;
      this.showSentence(true);
    });
  }

  get position(): FollowPosition | undefined {
    const n = this.now;
    return n && { clip: n.clip.index, sentence: n.sentence, currentTime: n.currentTime, duration: n.duration };
  }

  /** The chunk being heard now. */
  get currentChunk(): SpannedChunk | undefined {
    return this.now?.clip.chunk;
  }

  /** The sentence being heard now (offsets kept current through edits). */
  get currentSentence(): { start: number; end: number } | undefined {
    const n = this.now;
    return n?.clip.chunk.sentences[n.sentence];
  }

  /** ClipSink: plays `clip` (and any earlier ones the user went back to); resolves when reading moves past it. */
  async play(clip: FollowedClip, signal: AbortSignal): Promise<void> {
    this.history.push(clip);
    this.partOf.set(clip, ++this.parts);
    if (this.history.length > HISTORY) this.history.shift();
    let target = { clip, sentence: 0 };
    const before = this.held ?? this.currentSentence;
    if (this.skipUntil !== undefined) {
      const at = this.skipUntil;
      const i = clip.chunk.sentences.findIndex((s) => s.end > at);
      if (i < 0) return; // wholly before the sentence reading moved to
      this.skipUntil = undefined;
      target.sentence = i;
    } else if (before && this.hooks.pauseAt) {
      // A boundary between clips: the next clip starts paused, the sentence heard stays highlighted.
      const why = this.hooks.pauseAt(before, clip.chunk.sentences[0]);
      if (why) {
        this.held = before;
        this.player.pause();
        this.hooks.onPausedAt?.(why);
      }
    }
    for (;;) {
      if (signal.aborted) throw abortError();
      this.jump = undefined;
      await this.playOne(target.clip, target.sentence, signal);
      const jump = this.jump as { clip: FollowedClip; sentence: number } | undefined;
      if (jump) {
        target = jump;
        continue;
      }
      if (target.clip === clip) return;
      // Replaying an earlier clip: go on with the one after it, up to the newest.
      const i = this.history.indexOf(target.clip);
      target = { clip: this.history[i + 1] ?? clip, sentence: 0 };
    }
  }

  next(): void {
    const n = this.now;
    if (!n) return;
    if (n.sentence < n.clip.chunk.sentences.length - 1) this.seekTo(n.sentence + 1);
    else this.player.skip();
  }

  previous(): void {
    const n = this.now;
    if (!n) return;
    if (n.sentence > 0) {
      this.seekTo(n.sentence - 1);
      return;
    }
    const i = this.history.indexOf(n.clip);
    const before = i > 0 ? this.history[i - 1] : undefined;
    if (!before) {
      this.seekTo(0);
      return;
    }
    this.jump = { clip: before, sentence: before.chunk.sentences.length - 1 };
    this.player.skip();
  }

  repeat(): void {
    if (this.now) this.seekTo(this.now.sentence);
  }

  /**
   * Moves to the sentence at `offset` when its audio is here (the clip playing or one heard before); false
   * when it is not (the caller reads on from there in a new pass).
   */
  jumpTo(offset: number): boolean {
    const n = this.now;
    if (!n) return false;
    const clips = [...this.history.filter((c) => c !== n.clip), n.clip];
    const clip = clips.find((c) => c.chunk.sentences.some((s) => s.start <= offset && offset < s.end));
    if (!clip) return false;
    const sentence = clip.chunk.sentences.findIndex((s) => s.end > offset);
    if (clip === n.clip) {
      this.seekTo(sentence);
      return true;
    }
    this.held = undefined;
    this.jump = { clip, sentence };
    this.player.skip();
    return true;
  }

  /** The next clips are passed over up to the one holding `offset`, which plays from the sentence there. */
  skipTo(offset: number): void {
    this.skipUntil = offset;
    this.held = undefined;
  }

  /** Redraws the highlight where the current sentence is now (after an edit moved it). */
  refresh(): void {
    if (this.now) this.showSentence(false);
  }

  /** The clip's sentence times from its audio (WAV only; undefined for other formats, which the share serves). */
  private alignmentOf(clip: FollowedClip): Alignment | undefined {
    if (!this.aligned.has(clip)) {
      const { chunk, audio } = clip;
      this.aligned.set(clip, audio.format === 'wav' && chunk.sentences.length > 1
        ? alignClip(audio.bytes, { text: chunk.text, sentences: chunk.sentences })
        : undefined);
    }
    return this.aligned.get(clip);
  }

  private async playOne(clip: FollowedClip, sentence: number, signal: AbortSignal): Promise<void> {
    const duration = clip.audio.durationSec ?? NaN;
    const alignment = this.alignmentOf(clip);
    this.now = { clip, sentence, currentTime: 0, duration };
    this.seeking = sentence > 0 ? { sentence, until: Date.now() + SEEK_SETTLE_MS } : undefined;
    this.showSentence(true);
    const part = this.partOf.get(clip) ?? clip.index + 1;
    const total = Math.max(this.total(), part);
    await this.player.play(clip.audio, {
      chunk: part,
      total,
      taskId: clip.taskId,
      startAt: sentence > 0 ? timeOfSentence(clip.chunk, sentence, duration, alignment) : undefined,
      label: total > 1 ? `Part ${part} of ${total}` : 'Reading aloud',
    }, signal);
  }

  private seekTo(sentence: number): void {
    const n = this.now;
    if (!n) return;
    this.held = undefined;
    n.sentence = sentence;
    this.seeking = { sentence, until: Date.now() + SEEK_SETTLE_MS };
    this.showSentence(true);
    this.player.seek(timeOfSentence(n.clip.chunk, sentence, n.duration, this.alignmentOf(n.clip)));
  }

  private onTime(currentTime: number, duration: number): void {
    const n = this.now;
    if (!n || this.held) return;
    n.currentTime = currentTime;
    if (Number.isFinite(duration) && duration > 0) n.duration = duration;
    const s = sentenceAtTime(n.clip.chunk, currentTime, n.duration, this.alignmentOf(n.clip));
    if (this.seeking) {
      if (s !== this.seeking.sentence && Date.now() < this.seeking.until) return;
      this.seeking = undefined;
    }
    if (s === n.sentence) return;
    if (s > n.sentence && this.hooks.pauseAt) {
      // A boundary inside the clip: pause, and go back to where the next sentence starts, so that going on
      // starts it from its first word; the sentence heard stays highlighted meanwhile.
      const sentences = n.clip.chunk.sentences;
      const why = this.hooks.pauseAt(sentences[n.sentence], sentences[n.sentence + 1]);
      if (why) {
        this.held = sentences[n.sentence];
        this.player.pause();
        n.sentence += 1;
        this.seeking = { sentence: n.sentence, until: Date.now() + SEEK_SETTLE_MS };
        this.player.seek(timeOfSentence(n.clip.chunk, n.sentence, n.duration, this.alignmentOf(n.clip)));
        this.hooks.onPausedAt?.(why);
        return;
      }
    }
    n.sentence = s;
    this.showSentence(true);
  }

  private showSentence(reveal: boolean): void {
    const s = this.held ?? this.currentSentence;
    if (s) this.highlighter.show(this.uri, s.start, s.end, reveal);
  }

  dispose(): void {
    this.sub.dispose();
    this.playSub.dispose();
    this.now = undefined;
    this.history.length = 0;
  }
}
