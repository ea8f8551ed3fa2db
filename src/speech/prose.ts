// Identifiers and URLs in prose, spoken as a person would say them. Runs over text whose every character
// already has a source range (a Markdown text or inline code node, plain text, a comment) and hands on the
// spoken characters with theirs: a character spoken for a source character maps to it, a space put between
// two words of an identifier maps to the boundary, a word put in ("dot", "slash", "link to") maps to the
// characters it stands for.
//
// The rules:
// - camelCase, PascalCase and acronyms are cut where a lower-case letter meets a capital and where an
//   acronym meets a capitalised word: "parseOptions" → "parse options", "HTTPServer" → "HTTP server". A
//   capitalised word after the first is lower-cased; an acronym keeps its capitals. In prose, a word that
//   starts with a capital is a name and is cut only after an acronym ("GitHub", "JavaScript" stay whole;
//   "XMLHttpRequest" is "XML http request"), and so is a word with a single capital after one or two
//   letters ("iPhone", "eBay"); in code (inline code, `quoted` names in comments) PascalCase is cut too.
// - snake_case and SCREAMING_CASE: underscores are spaces, leading and trailing ones are silent
//   ("__init__" → "init"); a name in capitals with underscores is lower-cased ("MAX_RETRIES" → "max retries").
// - kebab-case is cut in code only (inline code, `quoted` names in comments): in prose a hyphen joins
//   words ("well-known"). Digits stay with their letters ("utf8", "h264"), in code too.
// - Dotted names and file names: each dot between two names is said as "dot" ("os.path.join" → "os dot path
//   dot join", "client.ts" → "client dot ts"). In prose every part must be two characters or more, so
//   "e.g." stays; numbers and versions ("3.14", "v1.2") stay.
// - Paths: "/" is said as "slash" and "\" as "backslash" ("src/api/client.ts" → "src slash api slash client
//   dot ts"); a leading "./" is silent and "~" is "home". In prose a slash makes a path only with two of them,
//   or one and a file extension ("and/or" stays).
// - URLs (http, https, ftp, or starting with www.), per `urls`: `host` says "link to" and the host without
//   "www." ("link to github.com"), `skip` says nothing, `read` reads the URL as written.

export const URL_MODES = ['host', 'skip', 'read'] as const;
export type Urls = (typeof URL_MODES)[number];

export interface ProseOptions {
  urls: Urls;
  /** The text is code (inline code, a `quoted` name in a comment): hyphens and digits cut words too. */
  code?: boolean;
}

export type Emit = (ch: string, start: number, end: number) => void;

const URL = /(?:https?|ftp):\/\/[^\s<>"'`]+|\bwww\.[\p{L}\p{N}-]+\.[^\s<>"'`]+/uy;
const NAME = /[~.]{0,2}[/\\]?[\p{L}\p{N}_$][\p{L}\p{N}_$-]*(?:[./\\][\p{L}\p{N}_$][\p{L}\p{N}_$-]*)*[/\\]?/uy;
const START = /(?:https?|ftp):\/\/|\bwww\.|[~.]{0,2}[/\\]?[\p{L}\p{N}_$]/gu;
const UPPER = /\p{Lu}/u;
const LOWER = /\p{Ll}/u;
const DIGIT = /\p{N}/u;

/**
 * Says `text` (character i from source [starts[i], ends[i])) to `emit`, identifiers and URLs as words.
 * Everything else is handed on unchanged.
 */
export function speakProse(text: string, starts: ArrayLike<number>, ends: ArrayLike<number>, opts: ProseOptions, emit: Emit): void {
  let i = 0;
  START.lastIndex = 0;
  while (i < text.length) {
    START.lastIndex = i;
    const m = START.exec(text);
    const at = m ? m.index : text.length;
    for (; i < at; i++) emit(text[i], starts[i], ends[i]);
    if (!m) break;
    // Inside a word (after a letter or digit) nothing starts.
    if (at > 0 && /[\p{L}\p{N}_$]/u.test(text[at - 1])) {
      emit(text[at], starts[at], ends[at]);
      i = at + 1;
      continue;
    }
    URL.lastIndex = at;
    const u = URL.exec(text);
    if (u) {
      const end = at + trimUrl(u[0]).length;
      sayUrl(text, at, end, starts, ends, opts.urls, emit);
      i = end;
      continue;
    }
    NAME.lastIndex = at;
    const n = NAME.exec(text);
    if (!n || n[0].length === 0) {
      emit(text[at], starts[at], ends[at]);
      i = at + 1;
      continue;
    }
    const end = at + n[0].length;
    sayName(text, at, end, starts, ends, opts.code === true, emit);
    i = end;
  }
}

/** A URL without the sentence punctuation after it (and a closing bracket it does not open). */
function trimUrl(url: string): string {
  let u = url.replace(/[.,;:!?'"*_]+$/, '');
  while (/[)\]}]$/.test(u)) {
    const close = u[u.length - 1];
    const open = close === ')' ? '(' : close === ']' ? '[' : '{';
    if (u.split(open).length >= u.split(close).length) break;
    u = u.slice(0, -1).replace(/[.,;:!?'"*_]+$/, '');
  }
  return u;
}

function sayUrl(text: string, s: number, e: number, starts: ArrayLike<number>, ends: ArrayLike<number>, urls: Urls, emit: Emit): void {
  if (urls === 'skip') return;
  if (urls === 'read') {
    for (let k = s; k < e; k++) emit(text[k], starts[k], ends[k]);
    return;
  }
  const scheme = /^[a-z]+:\/\//i.exec(text.slice(s, e));
  let h = s + (scheme ? scheme[0].length : 0);
  let he = h;
  while (he < e && !/[/?#]/.test(text[he])) he++;
  const userinfo = text.lastIndexOf('@', he - 1);
  if (userinfo >= h) h = userinfo + 1;
  const port = text.indexOf(':', h);
  if (port >= 0 && port < he) he = port;
  if (text.slice(h, he).toLowerCase().startsWith('www.') && he - h > 4) h += 4;
  if (he <= h) return;
  emit('link to ', starts[s], ends[Math.max(s, h - 1)]);
  for (let k = h; k < he; k++) emit(text[k], starts[k], ends[k]);
}

/** Says one name-like run [s, e): a plain word unchanged, an identifier, dotted name or path as words. */
function sayName(text: string, s: number, e: number, starts: ArrayLike<number>, ends: ArrayLike<number>, code: boolean, emit: Emit): void {
  const w = text.slice(s, e);
  const copy = (): void => {
    for (let k = s; k < e; k++) emit(text[k], starts[k], ends[k]);
  };
  const slashes = (w.match(/[/\\]/g) ?? []).length;
  const parts = w.split(/[./\\]/).filter((p) => p !== '');
  const last = parts[parts.length - 1] ?? '';
  const hasExtension = /\.[\p{L}][\p{L}\p{N}]{0,5}$/u.test(w);
  const leadingDir = /^(?:\.{1,2}[/\\]|~[/\\]?|[/\\])/.test(w);
  const isPath = slashes > 0 && (code || slashes >= 2 || leadingDir || hasExtension) && parts.length >= (code ? 1 : 2);
  const numeric = parts.some((p) => DIGIT.test(p[0] ?? ''));
  const dots = w.includes('.') && !/^\.+[/\\]?$/.test(w);
  const isDotted = dots && !numeric && (code || parts.every((p) => p.length >= 2)) && /[\p{L}_$]/u.test(last);
  if ((slashes > 0 && !isPath) || (dots && !isDotted && !isPath) || (numeric && slashes === 0)) {
    // "and/or", "e.g", "3.14", "v1.2": read as written, but identifiers inside a plain word still are.
    if (slashes === 0 && !dots) sayWord(text, s, e, starts, ends, code, emit);
    else copy();
    return;
  }
  let k = s;
  // A leading "./" or "../" is silent ("../" is "up"); "~" is "home".
  if (text.startsWith('./', k) || text.startsWith('.\\', k)) k += 2;
  else if (text.startsWith('../', k) || text.startsWith('..\\', k)) {
    emit('up ', starts[k], ends[k + 2]);
    k += 3;
  } else if (text[k] === '~') {
    emit('home ', starts[k], ends[k]);
    k++;
  }
  while (k < e) {
    const c = text[k];
    if (c === '/' || c === '\\') {
      const word = c === '/' ? 'slash' : 'backslash';
      emit(k === s || k + 1 === e ? (k === s ? `${word} ` : ` ${word}`) : ` ${word} `, starts[k], ends[k]);
      k++;
      continue;
    }
    if (c === '.') {
      emit(' dot ', starts[k], ends[k]);
      k++;
      continue;
    }
    let j = k;
    while (j < e && !/[./\\]/.test(text[j])) j++;
    sayWord(text, k, j, starts, ends, code, emit);
    k = j;
  }
}

/** One word of a name (no dots or slashes): cut at underscores, case changes and, in code, hyphens. */
function sayWord(text: string, s: number, e: number, starts: ArrayLike<number>, ends: ArrayLike<number>, code: boolean, emit: Emit): void {
  const w = text.slice(s, e);
  // Where words start, relative to s, and which characters are silent.
  const cuts = new Set<number>();
  const silent = new Set<number>();
  // A separator written as an escape or a character reference ("snake\\_case" in Markdown) was meant as
  // that character, and is said as written.
  const sep = (k: number): boolean => (code ? /[_-]/ : /_/).test(w[k]) && ends[s + k] - starts[s + k] === 1;
  let first = 0;
  while (first < w.length && sep(first)) silent.add(first++);
  let lastWord = w.length;
  while (lastWord > first && sep(lastWord - 1)) silent.add(--lastWord);
  for (let k = first; k < lastWord; k++) {
    if (sep(k)) silent.add(k);
  }
  const humps: number[] = [];
  for (let k = first + 1; k < lastWord; k++) {
    const a = w[k - 1];
    const b = w[k];
    if (silent.has(k) || silent.has(k - 1)) continue;
    // In prose a name that starts with a capital is a name ("GitHub", "JavaScript"): only acronyms are cut.
    if ((LOWER.test(a) || DIGIT.test(a)) && UPPER.test(b) && (code || !UPPER.test(w[first]) || silent.size > 0)) humps.push(k);
    else if (UPPER.test(a) && UPPER.test(b) && k + 1 < lastWord && LOWER.test(w[k + 1])) humps.push(k);
  }
  // A name, not an identifier: one capital after one or two letters, nothing else ("iPhone", "McDonald").
  const nameLike = !code && silent.size === 0 && humps.length === 1 && humps[0] <= 2 && LOWER.test(w[humps[0] + 1] ?? '');
  if (!nameLike) for (const h of humps) cuts.add(h);
  if (cuts.size === 0 && silent.size === 0) {
    for (let k = s; k < e; k++) emit(text[k], starts[k], ends[k]);
    return;
  }
  const screaming = w.includes('_') && !LOWER.test(w) && UPPER.test(w);
  // Word starts, to lower-case capitalised words after the first.
  let wordStart = true;
  let wordIndex = 0;
  let spokeAny = false;
  for (let k = first; k < lastWord; k++) {
    if (silent.has(k)) {
      if (spokeAny && !silent.has(k - 1)) emit(' ', starts[s + k], ends[s + k]);
      wordStart = true;
      continue;
    }
    if (cuts.has(k)) {
      emit(' ', starts[s + k], starts[s + k]);
      wordStart = true;
    }
    if (wordStart) {
      wordIndex++;
      wordStart = false;
    }
    let c = w[k];
    if (screaming) c = c.toLowerCase();
    else if (wordIndex > 1 && UPPER.test(c) && !(k + 1 < lastWord && UPPER.test(w[k + 1])) && (k === first || cuts.has(k) || silent.has(k - 1))) c = c.toLowerCase();
    emit(c, starts[s + k], ends[s + k]);
    spokeAny = true;
  }
}
