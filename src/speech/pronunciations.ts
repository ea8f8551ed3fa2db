// Whole-word replacements of the spoken text (evolinkTts.pronunciations), keeping every character's source range.
export interface Mapped {
  spoken: string;
  starts: Int32Array;
  ends: Int32Array;
}

export interface Pronunciations {
  apply(m: Mapped): Mapped;
}

const escapeRe = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

export function compilePronunciations(dict: Record<string, string>): Pronunciations | undefined {
  const keys = Object.keys(dict).filter((k) => k.trim() !== '');
  if (keys.length === 0) return undefined;
  const exact = new Map<string, string>();
  const folded = new Map<string, string>();
  for (const k of keys) (k === k.toLowerCase() ? folded : exact).set(k, dict[k]);
  const alternatives = [...keys].sort((a, b) => b.length - a.length).map(escapeRe).join('|');
  const re = new RegExp(`(?<![\\p{L}\\p{N}_])(?:${alternatives})(?![\\p{L}\\p{N}_])`, 'giu');
  return {
    apply(p: Mapped): Mapped {
      const out: string[] = [];
      const ns: number[] = [];
      const ne: number[] = [];
      let last = 0;
      const keep = (from: number, to: number): void => {
        out.push(p.spoken.slice(from, to));
        for (let i = from; i < to; i++) {
          ns.push(p.starts[i]);
          ne.push(p.ends[i]);
        }
      };
      for (const m of p.spoken.matchAll(re)) {
        const say = exact.get(m[0]) ?? folded.get(m[0].toLowerCase());
        if (say === undefined) continue;
        keep(last, m.index);
        for (let i = 0; i < say.length; i++) {
          ns.push(p.starts[m.index]);
          ne.push(p.ends[m.index + m[0].length - 1]);
        }
        out.push(say);
        last = m.index + m[0].length;
      }
      keep(last, p.spoken.length);
      return { spoken: out.join(''), starts: Int32Array.from(ns), ends: Int32Array.from(ne) };
    },
  };
}
