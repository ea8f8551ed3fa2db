// What one reading reads: the document, its ranges, the voice and the request settings, and what Retry or a
// notebook's next cell carries over. Commands build it; ReadAloud.start reads it as a ReadingRun.
import type * as vscode from 'vscode';
import type { LanguageType } from '../api/types';
import type { ResumeChunk } from '../speech/pipeline';
import type { PrepareOptions } from '../speech/textPrep';
import type { LiveDocumentSource, Span } from './liveDocument';

export interface ReadRequest {
  document: vscode.TextDocument;
  /** Offsets to read, in order; `end` may be Infinity ("to the end of the document"). */
  ranges: Span[];
  /** Source offset to start at (inside the first range). */
  from: number;
  prep: PrepareOptions;
  voice: string;
  /** The voice per chunk text when it can differ (per-language voices); default `voice`. */
  voiceFor?: (text: string) => string;
  languageType: LanguageType;
  baseUrl: string;
  timeoutMs: number;
  maxParallel: number;
  /** 0 turns the cache off. */
  cacheMaxBytes: number;
  /** Retry: the failed part's task and Idempotency-Key, so that it is not paid for twice. */
  resume?: readonly ResumeChunk[];
  /**
   * The source the command already prepared (for its cost question) over these ranges, at `from`: the run
   * takes it over instead of preparing the document again. Used once; Retry builds a new one.
   */
  prepared?: LiveDocumentSource;
  /** Read from Here: the source offset of the word to start at (inside the first part). */
  startAtWord?: number;
  /** Keep where this reading stops (a reading to the end of the document: not a selection or a section). */
  remember?: boolean;
  /**
   * What is read next in the same reading when this one is read to its end (a notebook's next cell, another
   * document): the state goes on to it without a "done" between; undefined when there is nothing more.
   */
  next?: () => { req: ReadRequest; tasks: number } | undefined;
}
