// Localisation cannot silently rot: every user-visible string in the code goes through l10n, every string has
// a Chinese translation with the same placeholders, and package.json's texts all live in package.nls.json.
//
// The scan (what "user-visible" means here) parses src/ and webview/ with the TypeScript compiler and looks at
// the places a user reads: notification and modal texts, quick pick / input box titles, prompts, placeholders,
// labels, descriptions, details and tooltips, status bar text and tooltips (the status table's text, summary and
// clickHint), progress titles and messages, setStatusBarMessage, and on the player page textContent, title and
// aria attributes. At those places a string or template literal with words in it (two letters or more, after
// removing codicons like $(sync~spin)) must sit inside an l10n.t(...) / vscode.l10n.t(...) call. Its limits: a
// text built in a variable elsewhere and handed to a sink is not traced; sinks not listed above are not checked;
// src/api, src/audio, src/speech and the log are not scanned (they produce log lines and typed errors, which
// the UI layer words). The player page's HTML (src/player/html.ts) is checked for bare words between tags and in
// title / aria-label attributes.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { getL10nJson } from '@vscode/l10n-dev';
import ts from 'typescript';
import { ROOT, localisedPackageJson, readJson } from './packageNls';

const LANGUAGES = ['zh-cn'];

/** Directories whose text is log lines or typed errors, never shown as is. */
const NOT_UI = ['src/api/', 'src/audio/', 'src/speech/', 'src/log.ts', 'src/redact.ts'];

/** Words that are the same in every language (product and format names, ids). */
const SAME_EVERYWHERE = new Set(['Evolink TTS', 'Evolink', 'Markdown', 'LaTeX']);

const CALL_SINKS = new Set(['showInformationMessage', 'showWarningMessage', 'showErrorMessage', 'setStatusBarMessage', 'showInputBox', 'showQuickPick', 'withProgress', 'report']);
const PROPERTY_SINKS = new Set(['title', 'placeHolder', 'placeholder', 'prompt', 'label', 'description', 'detail', 'tooltip', 'message', 'text', 'summary', 'clickHint', 'textContent', 'previewProblem']);
const ARIA = /^(title|aria-label|aria-valuetext|aria-description|placeholder)$/;

function files(dir: string): string[] {
  const out: string[] = [];
  for (const e of fs.readdirSync(path.join(ROOT, dir), { withFileTypes: true })) {
    const rel = `${dir}/${e.name}`;
    if (e.isDirectory()) out.push(...files(rel));
    else if (e.name.endsWith('.ts') && !e.name.endsWith('.d.ts')) out.push(rel);
  }
  return out;
}

const isL10nCall = (n: ts.Node): boolean =>
  ts.isCallExpression(n) && ts.isPropertyAccessExpression(n.expression) && n.expression.name.text === 't'
  && /(^|\.)l10n$/.test(n.expression.expression.getText());

/** The literal text in `e` that is not inside an l10n.t(...) call. */
function bareText(e: ts.Node): string[] {
  const out: string[] = [];
  const visit = (n: ts.Node): void => {
    if (isL10nCall(n)) return;
    if (ts.isStringLiteral(n) || ts.isNoSubstitutionTemplateLiteral(n)) out.push(n.text);
    else if (ts.isTemplateExpression(n)) {
      out.push(n.head.text, ...n.templateSpans.map((s) => s.literal.text));
      n.templateSpans.forEach((s) => visit(s.expression));
      return;
    }
    // A call's arguments are data for it (an id, a command), not words shown; only its result could be.
    if (ts.isCallExpression(n) || ts.isElementAccessExpression(n)) return;
    // Comparisons and conditions pick between texts; their operands are not shown.
    if (ts.isBinaryExpression(n) && n.operatorToken.kind !== ts.SyntaxKind.PlusToken && n.operatorToken.kind !== ts.SyntaxKind.QuestionQuestionToken
      && n.operatorToken.kind !== ts.SyntaxKind.BarBarToken) {
      if (n.operatorToken.kind === ts.SyntaxKind.AmpersandAmpersandToken) visit(n.right);
      return;
    }
    if (ts.isConditionalExpression(n)) {
      visit(n.whenTrue);
      visit(n.whenFalse);
      return;
    }
    ts.forEachChild(n, visit);
  };
  visit(e);
  return out;
}

const hasWords = (s: string): boolean => {
  const t = s.replace(/\$\([\w~-]+\)/g, '').trim();
  // A voice's full name as an example (qwen-tts-vd-…) is an id, the same in every language.
  return /[A-Za-z]{2,}/.test(t) && !SAME_EVERYWHERE.has(t) && !/^qwen-tts-vd-[\w-]+$/.test(t);
};

/**
 * Objects whose `message` is not shown as is: the argument of `new SomethingError({...})` (a typed error the
 * UI layer words), and the page's `{ type: 'error', message }` report to the host (which words the failure).
 */
function notShownMessage(obj: ts.ObjectLiteralExpression): boolean {
  const p = obj.parent;
  if (ts.isNewExpression(p) && /Error$/.test(p.expression.getText())) return true;
  return obj.properties.some((x) => ts.isPropertyAssignment(x) && x.name.getText() === 'type' && x.initializer.getText() === "'error'");
}

/** Un-routed user-visible strings in one file: "file:line: text". */
export function scanSource(file: string, source: string): string[] {
  const sf = ts.createSourceFile(file, source, ts.ScriptTarget.ES2022, true);
  const found: string[] = [];
  const flag = (node: ts.Node, value: ts.Node): void => {
    for (const s of bareText(value)) {
      if (hasWords(s)) found.push(`${file}:${sf.getLineAndCharacterOfPosition(node.getStart()).line + 1}: ${JSON.stringify(s)}`);
    }
  };
  const visit = (n: ts.Node): void => {
    if (ts.isCallExpression(n)) {
      const callee = ts.isPropertyAccessExpression(n.expression) ? n.expression.name.text : ts.isIdentifier(n.expression) ? n.expression.text : '';
      if (CALL_SINKS.has(callee)) n.arguments.filter((a) => !ts.isObjectLiteralExpression(a) && !ts.isArrowFunction(a)).forEach((a) => flag(n, a));
      // notifier.show('info' | 'warning' | 'error', text, actions) and the page's setAttribute('aria-label', text)
      if (callee === 'show' && n.arguments.length >= 2 && ts.isStringLiteral(n.arguments[0]) && /^(info|warning|error)$/.test(n.arguments[0].text)) flag(n, n.arguments[1]);
      if (callee === 'setAttribute' && n.arguments.length === 2 && ts.isStringLiteral(n.arguments[0]) && ARIA.test(n.arguments[0].text)) flag(n, n.arguments[1]);
      // progress('Queued…', 5) and the like: a function named progress reports what the user waits on.
      if (callee === 'progress' && n.arguments.length) flag(n, n.arguments[0]);
    }
    if (ts.isPropertyAssignment(n) && (ts.isIdentifier(n.name) || ts.isStringLiteral(n.name)) && PROPERTY_SINKS.has(n.name.text)) {
      // ErrorAction titles are English identifiers; src/notify.ts shows them through buttonTitle().
      const obj = n.parent as ts.ObjectLiteralExpression;
      const errorAction = n.name.text === 'title' && obj.properties.some((p) => p.name?.getText() === 'kind');
      if (!errorAction && !(n.name.text === 'message' && notShownMessage(obj))) flag(n, n.initializer);
    }
    if (ts.isBinaryExpression(n) && n.operatorToken.kind === ts.SyntaxKind.EqualsToken && ts.isPropertyAccessExpression(n.left)
      && PROPERTY_SINKS.has(n.left.name.text)) flag(n, n.right);
    ts.forEachChild(n, visit);
  };
  visit(sf);
  return found;
}

/** Bare words in the player page's HTML template: text between tags, and title / aria-label values. */
export function scanHtml(file: string, source: string): string[] {
  const found: string[] = [];
  const start = source.indexOf('<!DOCTYPE html>');
  const offset = source.slice(0, Math.max(0, start)).split('\n').length - 1;
  source.slice(Math.max(0, start)).split('\n').forEach((line, j) => {
    const i = j + offset;
    for (const m of line.matchAll(/>([^<>${}]*)</g)) if (hasWords(m[1])) found.push(`${file}:${i + 1}: ${JSON.stringify(m[1])}`);
    for (const m of line.matchAll(/\b(title|aria-label|placeholder)="([^"$]*)"/g)) if (hasWords(m[2])) found.push(`${file}:${i + 1}: ${JSON.stringify(m[2])}`);
  });
  return found;
}

const placeholders = (s: string): string[] => [...s.matchAll(/\{(\d+)\}/g)].map((m) => m[0]).sort();
const message = (v: string | { message: string }): string => (typeof v === 'string' ? v : v.message);

/** What is wrong between an English table and its translation: missing or extra keys, placeholder drift, blanks. */
export function compareTranslation(en: Record<string, string | { message: string }>, tr: Record<string, string>, name: string): string[] {
  const problems: string[] = [];
  for (const key of Object.keys(en)) {
    if (!(key in tr)) problems.push(`${name}: no translation for ${JSON.stringify(key)}`);
    else if (!tr[key].trim()) problems.push(`${name}: empty translation for ${JSON.stringify(key)}`);
    else if (placeholders(message(en[key])).join() !== placeholders(tr[key]).join()) {
      problems.push(`${name}: ${JSON.stringify(key)} has placeholders ${placeholders(message(en[key])).join(' ') || 'none'} but the translation has ${placeholders(tr[key]).join(' ') || 'none'}`);
    }
  }
  for (const key of Object.keys(tr)) if (!(key in en)) problems.push(`${name}: ${JSON.stringify(key)} is translated but no longer in the English table`);
  return problems;
}

/** Every "%key%" in package.json, with where it is. */
function nlsReferences(v: unknown, at = ''): [string, string][] {
  if (typeof v === 'string') return /^%[^%\s]+%$/.test(v) ? [[v.slice(1, -1), at]] : [];
  if (Array.isArray(v)) return v.flatMap((x, i) => nlsReferences(x, `${at}[${i}]`));
  if (v && typeof v === 'object') return Object.entries(v).flatMap(([k, x]) => nlsReferences(x, `${at}.${k}`));
  return [];
}

/** package.json fields a user reads that are still literal English instead of "%key%". */
function literalTexts(v: unknown, at = ''): string[] {
  if (Array.isArray(v)) return v.flatMap((x, i) => literalTexts(x, `${at}[${i}]`));
  if (!v || typeof v !== 'object') return [];
  const out: string[] = [];
  for (const [k, x] of Object.entries(v)) {
    const shown = /^(title|shortTitle|description|markdownDescription|patternErrorMessage|markdownDeprecationMessage|deprecationMessage|name|contextualTitle|altText)$/.test(k)
      || /^(enumDescriptions|markdownEnumDescriptions|enumItemLabels)$/.test(k);
    const texts = typeof x === 'string' ? [x] : Array.isArray(x) && x.every((y) => typeof y === 'string') ? (x as string[]) : [];
    if (shown) for (const t of texts) if (!/^%[^%\s]+%$/.test(t)) out.push(`${at}.${k}: ${JSON.stringify(t)}`);
    if (typeof x === 'object') out.push(...literalTexts(x, `${at}.${k}`));
  }
  return out;
}

describe('localisation', () => {
  const sources = [...files('src'), ...files('webview')].filter((f) => !NOT_UI.some((d) => f.startsWith(d)));

  it('every user-visible string in src/ and webview/ goes through l10n.t', () => {
    const found = sources.flatMap((f) => scanSource(f, fs.readFileSync(path.join(ROOT, f), 'utf8')));
    found.push(...scanHtml('src/player/html.ts', fs.readFileSync(path.join(ROOT, 'src/player/html.ts'), 'utf8')));
    assert.deepEqual(found, [], `user-visible text not routed through l10n.t:\n${found.join('\n')}`);
  });

  it('the scan catches the kinds of mistakes it is for', () => {
    const src = [
      "notifier.show('info', 'Nothing to read.');",
      "vscode.window.showWarningMessage(`Read ${n} characters aloud?`, { modal: true }, go);",
      "const s = { text: `${SPIN} TTS: playing`, tooltip: vscode.l10n.t('Fine.') };",
      "pick.placeholder = cond ? l10n.t('Fine') : 'Not fine';",
      "notifier.show('info', vscode.l10n.t('Fine {0}', x), [{ title: 'Manage Workspace Trust', run }]);",
      "const a = { title: 'Set API Key', kind: 'setApiKey' };",
      "item.text = `$(check) ${vscode.l10n.t('TTS: done')}`;",
    ].join('\n');
    const found = scanSource('x.ts', src).map((f) => f.replace(/^x\.ts:\d+: /, ''));
    assert.deepEqual(found, ['"Nothing to read."', '"Read "', '" characters aloud?"', '" TTS: playing"', '"Not fine"', '"Manage Workspace Trust"']);
    assert.deepEqual(scanHtml('h.ts', '<button title="Slower">−</button><p>${t}</p><p>Idle now</p>').length, 2);
  });

  it('l10n/bundle.l10n.json holds exactly the strings the code passes to l10n.t (npm run l10n:export)', async function () {
    this.timeout(120_000); // the exporter parses every file with tree-sitter: seconds on a busy machine
    const exported = await getL10nJson(sources.map((f) => ({ extension: path.extname(f), contents: fs.readFileSync(path.join(ROOT, f), 'utf8') })));
    const bundle = readJson<Record<string, unknown>>('l10n/bundle.l10n.json');
    const missing = Object.keys(exported).filter((k) => !(k in bundle));
    const stale = Object.keys(bundle).filter((k) => !(k in exported));
    assert.deepEqual({ missing, stale }, { missing: [], stale: [] }, 'run npm run l10n:export, then translate the new strings');
  });

  for (const lang of LANGUAGES) {
    it(`l10n/bundle.l10n.${lang}.json translates every string with the same placeholders`, () => {
      const en = readJson<Record<string, string | { message: string }>>('l10n/bundle.l10n.json');
      const tr = readJson<Record<string, string>>(`l10n/bundle.l10n.${lang}.json`);
      assert.deepEqual(compareTranslation(en, tr, `bundle.l10n.${lang}.json`), []);
      const same = Object.keys(en).filter((k) => tr[k] === message(en[k]) && !SAME_EVERYWHERE.has(k));
      assert.deepEqual(same, [], 'left in English');
    });

    it(`package.nls.${lang}.json translates every package.nls.json key with the same placeholders`, () => {
      const en = readJson<Record<string, string>>('package.nls.json');
      const tr = readJson<Record<string, string>>(`package.nls.${lang}.json`);
      assert.deepEqual(compareTranslation(en, tr, `package.nls.${lang}.json`), []);
      const same = Object.keys(en).filter((k) => tr[k] === en[k] && !SAME_EVERYWHERE.has(en[k]));
      assert.deepEqual(same, [], 'left in English');
      // The walkthrough's command links survive translation.
      for (const k of Object.keys(en)) {
        const links = (s: string) => [...s.matchAll(/\(command:[\w.]+\)/g)].map((m) => m[0]).sort().join();
        assert.equal(links(tr[k]), links(en[k]), `${k}: command links`);
      }
    });
  }

  it('package.json: every %key% has its text in package.nls.json, and every text a user reads is a %key%', () => {
    const pkg = readJson<Record<string, unknown>>('package.json');
    const nls = readJson<Record<string, string>>('package.nls.json');
    const missing = nlsReferences(pkg).filter(([k]) => !(k in nls)).map(([k, at]) => `${at}: %${k}%`);
    assert.deepEqual(missing, []);
    const used = new Set(nlsReferences(pkg).map(([k]) => k));
    assert.deepEqual(Object.keys(nls).filter((k) => !used.has(k)), [], 'package.nls.json keys nothing refers to');
    const contributes = { displayName: pkg.displayName, description: pkg.description, contributes: pkg.contributes };
    assert.deepEqual(literalTexts(contributes), [], 'literal English in package.json: move it to package.nls.json');
    assert.equal(pkg.l10n, './l10n');
    for (const lang of LANGUAGES) assert.doesNotThrow(() => localisedPackageJson(lang));
  });

  it('the .vsix ships the bundles and package.nls files', () => {
    const ignore = fs.readFileSync(path.join(ROOT, '.vscodeignore'), 'utf8').split('\n');
    for (const line of ['!package.nls.json', '!package.nls.*.json', '!l10n/bundle.l10n*.json']) assert.ok(ignore.includes(line), line);
  });
});
