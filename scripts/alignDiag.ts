// Diagnostics for the aligner (dev only): per-clip and per-word start errors against the eSpeak ground truth,
// worst clips first. ALIGN_DIAG=English,documents,130 [ALIGN_DIAG_CLIPS=5] node out/scripts/alignDiag.js
import { alignClip } from '../src/audio/align';
import type { CorpusLanguage } from '../test/fixtures/alignCorpus';
import { truthClips, type TruthSource } from './alignTruth';

async function main(): Promise<void> {
  const [language, source, rate] = (process.env.ALIGN_DIAG ?? 'English,documents,130').split(',');
  const show = Number(process.env.ALIGN_DIAG_CLIPS ?? 5);
  const { clips } = await truthClips(language as CorpusLanguage, Number(rate), console.log, source as TruthSource);
  const rows = clips.map((c, idx) => ({ c, idx })).filter(({ c }) => !/\p{Script=Han}/u.test(c.text)).map(({ c, idx }) => {
    const a = alignClip(c.wav, { text: c.text, sentences: c.sentences, words: c.words });
    const errs = c.words.map((w, i) => {
      const t = c.wordTimes[i];
      return { i, text: c.text.slice(w.textStart, w.textEnd), truth: t?.start, truthEnd: t?.end, got: a.words[i].start, err: t ? a.words[i].start - t.start : NaN };
    });
    const abs = errs.filter((e) => Number.isFinite(e.err)).map((e) => Math.abs(e.err));
    const bad = abs.filter((x) => x > 0.25).length;
    return { idx, c, errs, bad, max: Math.max(0, ...abs) };
  });
  rows.sort((x, y) => y.bad - x.bad);
  const totalBad = rows.reduce((n, r) => n + r.bad, 0);
  console.log(`clips ${rows.length}, words > 250 ms: ${totalBad}`);
  for (const r of rows) console.log(`clip ${r.idx}: ${r.bad} words > 250 ms, max ${(r.max * 1000).toFixed(0)} ms, ${r.c.words.length} words`);
  for (const r of rows.slice(0, show)) {
    console.log(`\n===== clip ${r.idx} (${r.bad} bad) =====`);
    for (const e of r.errs) {
      const w = r.c.words[e.i];
      const next = r.c.words[e.i + 1];
      const between = JSON.stringify(r.c.text.slice(w.textEnd, next ? next.textStart : r.c.text.length));
      const mark = Math.abs(e.err) > 0.25 ? ' <<<' : '';
      console.log(`${String(e.i).padStart(4)} ${e.text.padEnd(18)} ${between.padEnd(10)} truth ${e.truth?.toFixed(2) ?? "  -  "}-${e.truthEnd?.toFixed(2) ?? "  -  "} got ${e.got.toFixed(2)} err ${Number.isFinite(e.err) ? (e.err * 1000).toFixed(0).padStart(6) : '     -'}${mark}`);
    }
  }
}
void main();
