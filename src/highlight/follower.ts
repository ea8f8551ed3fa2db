// The pipeline's ClipSink for reading a document: plays each clip through the player, moves the
// highlight to the sentence being heard (from the page's real playback position and the sentence times the
// aligner reads from the clip's own audio; in proportion to the sentences' characters where it cannot),
// and carries out previous / next / repeat sentence. Moving back into an
// earlier clip replays audio this run already has (a short history), so nothing is paid for twice.
import * as l10n from '@vscode/l10n';
import type * as vscode from 'vscode';
import type { AudioData } from '../api/types';
import type { Player } from '../player/player';
import { abortError } from '../api/async';
import type { Highlighter } from './highlighter';
import type { Alignment } from '../audio/align';
import { alignments } from '../audio/alignCache';
import { sentenceAtTime, timeOfSentence, timeOfWord, timeSentenceSaid, wordAtOffset, wordAtTime, type SpannedChunk } from './position';

/** What the pipeline hands the sink (src/speech/pipeline.ts `Clip`). */
export interface FollowedClip {
  index: number;
  chunk: SpannedChunk;
  audio: AudioData;
  taskId?: string;
  cached: boolean;
}

/** Where playing goes on: a clip, the sentence in it, and (a seek to a word) the time and the word. */
interface PlayTarget {
  clip: FollowedClip;
  sentence: number;
  time?: number;
  word?: number;
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
  private now: { clip: FollowedClip; sentence: number; currentTime: number; duration: number; word: number } | undefined;
  /** Read from Here: the source offset of the word the first clip holding it starts at. */
  private startOffset: number | undefined;
  private jump: PlayTarget | undefined;
  /**
   * A seek not yet settled: reports of another sentence (or, going to a word, of a word before it: the audio
   * can resume a few samples before the time asked for) are the old position or the seek landing, not shown.
   */
  private seeking: { sentence: number; until: number; word?: number } | undefined;
  /** Reading moved to a sentence whose clip has not come yet: clips before it are passed over. */
  private skipUntil: number | undefined;
  /** Paused at a boundary: the sentence just heard stays highlighted until playback goes on. */
  private held: { start: number; end: number } | undefined;
  private readonly sub: vscode.Disposable;
  /** Audio seconds and source characters of the clips heard so far (the run's own pace, for the time left). */
  private heardSeconds = 0;
  private heardChars = 0;
  private readonly paced = new WeakSet<FollowedClip>();
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

  /** Audio seconds per source character of the clips heard so far (at 1×); undefined before the first. */
  get secondsPerChar(): number | undefined {
    return this.heardChars > 0 && this.heardSeconds > 0 ? this.heardSeconds / this.heardChars : undefined;
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

  /** Read from Here: the first clip holding source `offset` starts at the word there (its aligned time). */
  startAtWord(offset: number): void {
    this.startOffset = offset;
  }

  /**
   * Read from Here while reading: when a clip this run has already played or is playing holds the word at
   * source `offset`, plays from that word (no new audio) and returns true.
   */
  seekToWord(offset: number): boolean {
    const n = this.now;
    if (!n) return false;
    const clip = [...this.history].reverse().find((c) => c.chunk.start <= offset && offset < c.chunk.end && wordAtOffset(c.chunk, offset) >= 0);
    if (!clip) return false;
    const target = this.wordTarget(clip, offset);
    if (clip === n.clip) {
      n.sentence = target.sentence;
      n.word = -1;
      this.seeking = { sentence: target.sentence, until: Date.now() + SEEK_SETTLE_MS, word: target.word };
      this.showSentence(true);
      this.player.seek(target.time);
    } else {
      this.jump = { clip, sentence: target.sentence, time: target.time, word: target.word };
      this.player.skip();
    }
    return true;
  }

  /** The sentence holding the word at `offset` in `clip`, the word's index, and the time it starts. */
  private wordTarget(clip: FollowedClip, offset: number): { sentence: number; time: number; word?: number } {
    const chunk = clip.chunk;
    const w = wordAtOffset(chunk, offset);
    const word = chunk.words?.[w];
    const at = word ? word.start : offset;
    let sentence = 0;
    for (let i = chunk.sentences.length - 1; i > 0; i--) if (chunk.sentences[i].start <= at) { sentence = i; break; }
    const duration = clip.audio.durationSec ?? NaN;
    const wordTime = timeOfWord(chunk, w, duration, this.alignmentOf(clip));
    const time = wordTime ?? timeOfSentence(chunk, sentence, duration, this.alignmentOf(clip));
    return { sentence, time, word: wordTime === undefined ? undefined : w };
  }

  /** ClipSink: plays `clip` (and any earlier ones the user went back to); resolves when reading moves past it. */
  async play(clip: FollowedClip, signal: AbortSignal): Promise<void> {
    this.history.push(clip);
    this.partOf.set(clip, ++this.parts);
    if (this.history.length > HISTORY) this.history.shift();
    let target: PlayTarget = { clip, sentence: 0 };
    const before = this.held ?? this.currentSentence;
    const from = this.startOffset;
    if (from !== undefined && from < clip.chunk.end) {
      this.startOffset = undefined;
      if (from > clip.chunk.start) target = { clip, ...this.wordTarget(clip, from) };
    } else if (this.skipUntil !== undefined) {
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
      await this.playOne(target.clip, target.sentence, signal, target.time, target.word);
      const jump = this.jump as PlayTarget | undefined;
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

  /**
   * The clip's sentence and word times from its audio (WAV only; undefined for other formats, whose
   * sentences the share serves and which show no word). Kept per clip content (src/audio/alignCache.ts).
   */
  private alignmentOf(clip: FollowedClip): Alignment | undefined {
    if (!this.aligned.has(clip)) {
      const { chunk, audio } = clip;
      this.aligned.set(clip, audio.format === 'wav' && chunk.text.length > 0
        ? alignments.align(audio.bytes, { text: chunk.text, sentences: chunk.sentences, words: chunk.words })
        : undefined);
    }
    return this.aligned.get(clip);
  }

  private async playOne(clip: FollowedClip, sentence: number, signal: AbortSignal, time?: number, word?: number): Promise<void> {
    const duration = clip.audio.durationSec ?? NaN;
    const alignment = this.alignmentOf(clip);
    if (!this.paced.has(clip) && Number.isFinite(duration) && duration > 0 && clip.chunk.end > clip.chunk.start) {
      this.paced.add(clip);
      this.heardSeconds += duration;
      this.heardChars += clip.chunk.end - clip.chunk.start;
    }
    this.now = { clip, sentence, currentTime: 0, duration, word: -1 };
    this.seeking = sentence > 0 || time ? { sentence, until: Date.now() + SEEK_SETTLE_MS, word } : undefined;
    this.showSentence(true);
    const part = this.partOf.get(clip) ?? clip.index + 1;
    const total = Math.max(this.total(), part);
    await this.player.play(clip.audio, {
      chunk: part,
      total,
      taskId: clip.taskId,
      startAt: time ?? (sentence > 0 ? timeOfSentence(clip.chunk, sentence, duration, alignment) : undefined),
      label: total > 1 ? l10n.t('Part {0} of {1}', part, total) : l10n.t('Reading aloud'),
    }, signal);
  }

  private seekTo(sentence: number): void {
    const n = this.now;
    if (!n) return;
    this.held = undefined;
    n.sentence = sentence;
    n.word = -1;
    this.seeking = { sentence, until: Date.now() + SEEK_SETTLE_MS };
    this.showSentence(true);
    this.player.seek(timeOfSentence(n.clip.chunk, sentence, n.duration, this.alignmentOf(n.clip)));
  }

  private onTime(currentTime: number, duration: number): void {
    const n = this.now;
    if (!n || this.held) return;
    n.currentTime = currentTime;
    if (Number.isFinite(duration) && duration > 0) n.duration = duration;
    const alignment = this.alignmentOf(n.clip);
    const s = sentenceAtTime(n.clip.chunk, currentTime, n.duration, alignment);
    const w = wordAtTime(n.clip.chunk, currentTime, alignment);
    if (this.seeking) {
      const before = this.seeking.word !== undefined && s === this.seeking.sentence && w < this.seeking.word;
      if ((s !== this.seeking.sentence || before) && Date.now() < this.seeking.until) return;
      this.seeking = undefined;
    }
    // Pausing after a sentence happens once it has been said (in the silence after it when the audio shows
    // one), not once the next sentence has started: reports come every 50 ms of play, so waiting for the
    // next start would let its first sound be heard.
    const said = s === n.sentence && n.sentence + 1 < n.clip.chunk.sentences.length
      && currentTime >= timeSentenceSaid(n.clip.chunk, n.sentence, n.duration, alignment);
    if (s === n.sentence && w === n.word && !said) return;
    if ((s > n.sentence || said) && this.hooks.pauseAt) {
      // A boundary inside the clip: pause, and go back to where the next sentence starts, so that going on
      // starts it from its first word; the sentence heard stays highlighted meanwhile.
      const sentences = n.clip.chunk.sentences;
      const why = this.hooks.pauseAt(sentences[n.sentence], sentences[n.sentence + 1]);
      if (why) {
        this.held = sentences[n.sentence];
        this.player.pause();
        n.sentence += 1;
        n.word = -1;
        this.seeking = { sentence: n.sentence, until: Date.now() + SEEK_SETTLE_MS };
        this.player.seek(timeOfSentence(n.clip.chunk, n.sentence, n.duration, this.alignmentOf(n.clip)));
        this.hooks.onPausedAt?.(why);
        return;
      }
    }
    n.word = w;
    if (s === n.sentence) {
      this.highlighter.showWord(this.currentWord);
      return;
    }
    n.sentence = s;
    this.showSentence(true);
  }

  /** The word being heard now (offsets kept current through edits). */
  get currentWord(): { start: number; end: number } | undefined {
    const n = this.now;
    return n && n.word >= 0 ? n.clip.chunk.words?.[n.word] : undefined;
  }

  private showSentence(reveal: boolean): void {
    const s = this.held ?? this.currentSentence;
    if (s) this.highlighter.show(this.uri, s.start, s.end, reveal, this.held ? undefined : this.currentWord);
  }

  dispose(): void {
    this.sub.dispose();
    this.playSub.dispose();
    this.now = undefined;
    this.history.length = 0;
  }
}
