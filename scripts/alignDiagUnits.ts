// Diagnostics for the aligner's expected lengths (dev only): for words followed by no pause, the true time
// from this word's start to the next one's over the expected units, relative to the clip's plain words, by kind of token.
import { innerSymbolUnits, numberLanguage, spokenUnits } from '../src/audio/align';
import type { CorpusLanguage } from '../test/fixtures/alignCorpus';
import { truthClips, type TruthSource } from './alignTruth';

function kind(w: string, between: string): string {
  if (/^\p{Nd}+$/u.test(w)) return `number${w.length}`;
  if (/^[\p{Nd}.]+$/u.test(w)) return 'decimal';
  if (/[._]/u.test(w) || /^[:/]/.test(between.trim())) return 'url/ident';
  if (/^\p{Lu}{2,5}$/u.test(w) || (w.length > 1 && !/[aeiouy]/i.test(w))) return 'spelled';
  if (w.length === 1) return 'letter';
  if (/\p{Nd}/u.test(w)) return 'word+digit';
  if (/^(a|an|the|to|of|in|on|at|it|is|and|or|for)$/i.test(w)) return 'function';
  if (process.env.BY_SYL) return `word${Math.min(4, spokenUnits(w, true))}`;
  return 'word';
}

async function main(): Promise<void> {
  const [language, source, rate] = (process.env.ALIGN_DIAG ?? 'English,documents,130').split(',');
  const { clips } = await truthClips(language as CorpusLanguage, Number(rate), console.log, source as TruthSource);
  const acc = new Map<string, { n: number; ratio: number[]; ex: Map<string, number[]> }>();
  for (const c of clips) {
    if (/\p{Script=Han}/u.test(c.text)) continue;
    const rows: { k: string; w: string; units: number; dur: number; between: string }[] = [];
    for (let i = 0; i + 1 < c.words.length; i++) {
      const t = c.wordTimes[i];
      const tn = c.wordTimes[i + 1];
      if (!t || !tn) continue;
      const w = c.text.slice(c.words[i].textStart, c.words[i].textEnd);
      const next = c.text.slice(c.words[i + 1].textStart, c.words[i + 1].textEnd);
      const between = c.text.slice(c.words[i].textEnd, c.words[i + 1].textStart);
      // Only words with no pause after them (the next word starts where this one ends).
      if (tn.start - t.end > 0.03) continue;
      const inToken = innerSymbolUnits(between, w, next);
      const lang = numberLanguage(c.text);
      const units = spokenUnits(w, false, lang) + (inToken > 0 ? inToken : spokenUnits(between.replace(/[\p{L}\p{Nd}]/gu, ''), false, lang));
      rows.push({ k: kind(w, between), w: w + (between.trim() ? between : ''), units: Math.max(units, 0.5), dur: tn.start - t.start, between });
    }
    const plain = rows.filter((r) => r.k.startsWith('word') && !r.k.startsWith('word+'));
    const spu = plain.reduce((s, r) => s + r.dur, 0) / Math.max(1e-9, plain.reduce((s, r) => s + r.units, 0));
    for (const r of rows) {
      let a = acc.get(r.k);
      if (!a) acc.set(r.k, (a = { n: 0, ratio: [], ex: new Map() }));
      const q = r.dur / (r.units * spu);
      a.n++;
      a.ratio.push(q);
      const key = r.w.replace(/\p{Nd}/gu, '9');
      const e = a.ex.get(key) ?? [];
      e.push(q);
      a.ex.set(key, e);
    }
  }
  for (const [k, a] of [...acc].sort((x, y) => y[1].n - x[1].n)) {
    const s = [...a.ratio].sort((x, y) => x - y);
    console.log(`${k.padEnd(12)} n ${String(a.n).padStart(4)} true/expected median ${s[Math.floor(s.length / 2)].toFixed(2)} p10 ${s[Math.floor(s.length * 0.1)].toFixed(2)} p90 ${s[Math.floor(s.length * 0.9)].toFixed(2)}`);
    if (k !== 'word') {
      const ex = [...a.ex].map(([w, q]) => [w, q.length, q.reduce((x, y) => x + y, 0) / q.length] as const).sort((x, y) => y[1] - x[1]).slice(0, 12);
      console.log('   ' + ex.map(([w, n, q]) => `${w}×${n}:${q.toFixed(2)}`).join('  '));
    }
  }
}
void main();
