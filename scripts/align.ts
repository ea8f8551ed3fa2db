// npm run align -- --wav FILE --text FILE [--language English]: times every sentence and word of a clip with
// the aligner (src/audio/align.ts) and prints {"sentences":[{text,start,end}],"words":[{text,start,end}]}
// in seconds. Sentences are split after . ! ? and their fullwidth forms (and at line breaks); words with
// Intl.Segmenter in the language's locale.
import * as fs from 'node:fs';
import { alignClip, wordSpans, type TextSpan } from '../src/audio/align';

const LOCALES: Record<string, string> = {
  English: 'en', Chinese: 'zh', Japanese: 'ja', Korean: 'ko', French: 'fr', German: 'de', Spanish: 'es', Italian: 'it',
  Russian: 'ru', Portuguese: 'pt',
};

function usage(message: string): never {
  console.error(`${message}\nUsage: npm run align -- --wav FILE --text FILE [--language ${Object.keys(LOCALES).join('|')}]`);
  process.exit(2);
}

function args(argv: string[]): { wav: string; text: string; language?: string } {
  const out: Record<string, string> = {};
  for (let i = 0; i < argv.length; i++) {
    const m = /^--(wav|text|language)$/.exec(argv[i]);
    if (!m || i + 1 >= argv.length) usage(`Unknown or incomplete option: ${argv[i]}`);
    out[m[1]] = argv[++i];
  }
  if (!out.wav || !out.text) usage('Both --wav and --text are required.');
  if (out.language && !LOCALES[out.language]) usage(`Unknown language ${out.language}.`);
  return { wav: out.wav, text: out.text, language: out.language };
}

/** Sentence spans: text up to and including . ! ? 。！？ (with closing quotes), or a line. */
export function sentenceSpans(text: string): TextSpan[] {
  const spans: TextSpan[] = [];
  for (const m of text.matchAll(/[^\n.!?。！？]*(?:[.!?。！？]+["'”’»)]*|\n|$)/gu)) {
    const raw = m[0];
    const lead = raw.length - raw.trimStart().length;
    const body = raw.trim();
    if (body && /[\p{L}\p{N}]/u.test(body)) spans.push({ textStart: m.index + lead, textEnd: m.index + lead + body.length });
  }
  return spans;
}

function main(): void {
  const a = args(process.argv.slice(2));
  let bytes: Uint8Array;
  let text: string;
  try {
    bytes = new Uint8Array(fs.readFileSync(a.wav));
    text = fs.readFileSync(a.text, 'utf8');
  } catch (e) {
    usage(`Cannot read ${(e as NodeJS.ErrnoException).path ?? 'a file'}: ${(e as Error).message}`);
  }
  const sentences = sentenceSpans(text);
  const words = wordSpans(text, a.language ? LOCALES[a.language] : undefined);
  const result = alignClip(bytes, { text, sentences, words });
  const round = (x: number): number => Math.round(x * 1000) / 1000;
  const out = {
    sentences: sentences.map((s, i) => ({ text: text.slice(s.textStart, s.textEnd), start: round(result.sentences[i].start), end: round(result.sentences[i].end) })),
    words: words.map((w, i) => ({ text: text.slice(w.textStart, w.textEnd), start: round(result.words[i].start), end: round(result.words[i].end) })),
  };
  if (result.method === 'share') console.error('The audio shows no pauses to align with (silent, noise or not PCM WAV): times are shared by characters.');
  console.log(JSON.stringify(out));
}

if (require.main === module) main();
