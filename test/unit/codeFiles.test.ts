// Code files: only comments and docstrings are read, without their markers, and never a string or code that
// holds a comment marker; every spoken character maps back into its comment. Identifiers and URLs in prose.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { commentsOf } from '../../src/speech/formats/code';
import { CODE_LANGUAGES } from '../../src/speech/formats/load';
import { prepareText, type PreparedText, type PrepareOptions } from '../../src/speech/textPrep';
import { CODE_LANGUAGE_IDS, generateCode } from '../fixtures/codegen';
import { prng } from '../fixtures/prng';

const FIXTURES = path.join(__dirname, '..', '..', '..', 'test', 'fixtures', 'formats', 'code');
const read = (name: string): string => fs.readFileSync(path.join(FIXTURES, name), 'utf8');
const prep = (source: string, languageId: string, more: Partial<PrepareOptions> = {}): PreparedText =>
  prepareText(source, { languageId, codeBlocks: 'announce', urls: 'host', ...more });
/** Spoken text, whitespace runs as one space. */
const said = (p: PreparedText): string => p.spoken.replace(/\s+/g, ' ').trim();

/** Every spoken character maps into one comment's source range. */
function insideComments(source: string, languageId: string, p: PreparedText): void {
  const comments = commentsOf(source, languageId);
  let c = 0;
  for (let i = 0; i < p.spoken.length; i++) {
    if (/\s/.test(p.spoken[i])) continue;
    const s = p.toSource(i);
    const e = p.toSourceEnd(i + 1);
    while (c < comments.length && comments[c].end < s) c++;
    const com = comments[c];
    assert.ok(com && com.start <= s && e <= com.end,
      `spoken ${JSON.stringify(p.spoken.slice(Math.max(0, i - 20), i + 20))} (char ${i}) maps to ${s}–${e}: ${JSON.stringify(source.slice(s, e + 20))}, outside every comment`);
  }
}

/** Words of letters in `text`, lower-cased. */
const wordsOf = (text: string): string[] => (text.match(/\p{L}{3,}/gu) ?? []).map((w) => w.toLowerCase());

describe('code files: comments and docstrings', () => {
  it('each language: strings holding comment markers are not comments, and comments are read without markers', () => {
    const cases: Array<[string, string, string]> = [
      ['typescript', 'const a = "// no"; const b = `/* no ${x /* inner */} */`; // yes\nconst r = /\\/\\/ no/; /* also */\n', 'inner. yes. also.'],
      ['typescriptreact', 'const e = <div title="// no">{/* jsx comment */}</div>; // yes\n', 'jsx comment. yes.'],
      ['javascript', "var s = '/* no */'; // first\n// second line\n", 'first second line.'],
      ['javascriptreact', 'const e = <a href="//no">x</a>; // yes\n', 'yes.'],
      ['python', 's = "# no" + \'\'\'# no\'\'\' + r"\\# no" + f"# {x} no"  # yes\n', 'yes.'],
      ['java', 'String s = "// no /* no */"; char c = \'/\'; // yes\nString t = """\n  // no\n  """;\n', 'yes.'],
      ['c', 'char *s = "/* no */ // no"; /* yes */\n', 'yes.'],
      ['cpp', 'auto s = R"(// no */)"; auto t = R"x(/* no )" // no)x"; // yes\n', 'yes.'],
      ['csharp', 'var s = @"// no ""q"" /* no"; var t = $"/* {x} no */"; // yes\n', 'yes.'],
      ['go', 's := `// no\n/* no */`; r := \'/\' // yes\n', 'yes.'],
      ['rust', 'let s = r#"// no "q" /* no */"#; let c = \'/\'; // yes\n', 'yes.'],
      ['shellscript', '#!/bin/sh\necho "# no" \'# no\' a#no\ncat <<EOF\n# no\nEOF\n# yes\n', 'yes.'],
      ['ruby', 's = %q(# no) + "#{x} # no"\nt = <<~EOS\n  # no\nEOS\n# yes\n', 'yes.'],
    ];
    for (const [id, src, expected] of cases) {
      const p = prep(src, id);
      assert.equal(said(p), expected, id);
      insideComments(src, id, p);
    }
    assert.deepEqual([...CODE_LANGUAGES].sort(), cases.map((c) => c[0]).sort(), 'every code language has a case');
  });

  it('Python: module, class and function docstrings, with Sphinx fields; not other strings', () => {
    const src = '"""Tools for\nparsing options.\n\nSecond paragraph."""\nimport os\n\n\nclass Parser:\n    r\'\'\'Holds `max_retries`.\'\'\'\n\n'
      + '    def parse(self, argv: list[str] = None) -> "dict[str, int]":\n        """Parse the arguments.\n\n        :param argv: the arguments\n'
      + '        :returns: the options\n        :rtype: dict\n        """\n        x = """not a docstring"""\n        return {}\n';
    const p = prep(src, 'python');
    assert.equal(said(p), 'Tools for parsing options. Second paragraph. Holds max retries. Parse the arguments. Parameter argv: the arguments. Returns: the options.');
    insideComments(src, 'python', p);
  });

  it('JSDoc: tags read as words, types and examples not said, links as their text', () => {
    const src = '/**\n * Parses the options.\n * @param {string[]} argv - the arguments, see {@link parseArgs}\n * @param [opts] the options\n'
      + ' * @returns {Options} the options\n * @throws {RangeError} when one is unknown\n * @example\n * parse(["--help"])\n * @internal\n */\n'
      + 'export function parse(argv: string[], opts?: object) {}\n';
    const p = prep(src, 'typescript');
    assert.equal(said(p), 'Parses the options. Parameter argv: the arguments, see parse args. Parameter opts: the options. Returns: the options. '
      + 'Throws RangeError: when one is unknown.');
    insideComments(src, 'typescript', p);
    // "Parameter" stands for the tag, the name for the name.
    const at = p.spoken.indexOf('Parameter argv');
    assert.equal(src.slice(p.toSource(at), p.toSourceEnd(at + 'Parameter'.length)), '@param');
    const name = at + 'Parameter '.length;
    assert.equal(src.slice(p.toSource(name), p.toSourceEnd(name + 4)), 'argv');
  });

  it('commented-out code, decoration rules and tool directives are skipped', () => {
    const src = '// -----------------\n// eslint-disable-next-line no-console\n// const old = compute(1);\n// if (x) {\n// Real words here.\n'
      + 'run(); // @ts-ignore\n';
    assert.equal(said(prep(src, 'typescript')), 'Real words here.');
  });

  it('evolinkTts.codeFiles "all" reads the file as it is', () => {
    const src = 'function f() {\n  return 1; // one\n}\n';
    assert.equal(prep(src, 'typescript', { codeFiles: 'all' }).spoken, src);
  });

  for (const id of CODE_LANGUAGE_IDS) {
    it(`generated ${id} files: every comment word once, in order, mapped to where it is written; no string word`, () => {
      for (let k = 0; k < 25; k++) {
        const seed = 1000 + k * 7919 + id.length;
        const g = generateCode(seed, id, 40);
        const p = prep(g.source, id);
        const spokenWords = [...p.spoken.matchAll(/\p{L}+/gu)];
        const where = `seed ${seed} (${id}): generateCode(${seed}, '${id}', 40)`;
        const expected = g.words.map((w) => w.word);
        const got = spokenWords.map((m) => m[0]);
        assert.deepEqual(got, expected, `${where}: the spoken words are the comment words in order`);
        for (const [i, m] of spokenWords.entries()) {
          const w = g.words[i];
          assert.deepEqual([p.toSource(m.index), p.toSourceEnd(m.index + m[0].length)], [w.start, w.end], `${where}: "${w.word}" maps back`);
        }
        for (const s of g.silent) assert.ok(!p.spoken.includes(s), `${where}: string word "${s}" is not spoken`);
      }
    });
  }

  const FIXTURE_FILES: Array<[string, string, string[], string[]]> = [
    // [file, language, sentences that must be said, code or string text that must not]
    ['elffile.py', 'python', ['ELF file parser.', 'Representation of an ELF executable.', 'Number of sections.'], ['unpack', 'self', 'import']],
    ['editions.ts.txt', 'typescript', ['Edition entries must conform to the following specification.'], ['matchRange', 'readFileSync', 'processVersions']],
    ['flatted.go', 'go', ['Stringify converts a Go value into a specialized flatted JSON string.'], ['func', 'package']],
    ['color_sinks.cpp', 'cpp', ['factory methods for color loggers.'], ['template', 'SPDLOG_API']],
    ['seccomp-unix-block.c', 'c', ['Seccomp BPF filter generator to block Unix domain socket creation.'], ['#include', 'int main']],
    ['FindVisualStudio.cs', 'csharp', ['Ignore instances that can\'t be queried.'], ['namespace', 'public']],
    ['shellIntegration-bash.sh', 'shellscript', ['Prevent the script recursing when setting up.'], ['__vsc_', 'builtin']],
    ['error_codes.rs', 'rust', ['Very hacky way to add the rust attribute on all code blocks.'], ['extern crate', 'fn main']],
    ['Inventory.java', 'java', ['Keeps the count of every item in a store, and tells when an item runs low.', 'Parameter amount: how many arrived; must be positive.',
      'A store cannot hand out what it does not have.'], ['not a comment', 'nor this', 'text block', 'HashMap']],
    ['retry.rb', 'ruby', ['Parameter attempts: how many times to try.', 'Raises StandardError: the last error, when every attempt failed.',
      'The block above is all there is to it.'], ['not a comment', 'heredoc', 'frozen']],
  ];
  for (const [file, id, must, mustNot] of FIXTURE_FILES) {
    it(`${file}: its comments in order and nothing else, every character mapped into a comment`, () => {
      const src = read(file);
      const p = prep(src, id);
      const text = said(p);
      for (const m of must) assert.ok(text.includes(m), `${file}: says ${JSON.stringify(m)}\n${text.slice(0, 3000)}`);
      for (const m of mustNot) assert.ok(!new RegExp(`\\b${m}\\b`).test(text), `${file}: does not say ${JSON.stringify(m)}`);
      insideComments(src, id, p);
      // Spoken source offsets never go back, and most words of the comments are said (lines of code,
      // directives and tags' types are the rest).
      for (let i = 1; i < p.spoken.length; i++) assert.ok(p.toSource(i) >= p.toSource(i - 1), `${file}: in order at ${i}`);
      const commentWords = commentsOf(src, id).flatMap((c) => wordsOf(src.slice(c.start, c.end)));
      const spoken = new Set(wordsOf(p.spoken));
      const found = commentWords.filter((w) => spoken.has(w)).length;
      assert.ok(found / commentWords.length > 0.8, `${file}: ${found} of ${commentWords.length} comment words said`);
    });
  }

  it('bad input never throws: unterminated comments and strings, binary, huge, empty', function () {
    this.timeout(60_000);
    const r = prng(42);
    const binary = Array.from({ length: 20_000 }, () => String.fromCharCode(Math.floor(r() * 256))).join('');
    // About 1 MB in Python and TypeScript, 160 KB in the others (it takes about 1.5 s per MB).
    const huge = (read('elffile.py') + '\n').repeat(300);
    const large = huge.slice(0, 160_000);
    const inputs = ['', '\n', '/* unterminated', '"unterminated', '"""unterminated docstring\n', 'r#"raw', '`', '<<EOF\n# x', '=begin\nno end',
      '#', '//', '/**/', '"""', "'''", binary, '\0\0\0'];
    for (const id of CODE_LANGUAGES) {
      for (const src of [...inputs, id === 'python' || id === 'typescript' ? huge : large]) {
        const t0 = Date.now();
        const p = prep(src, id);
        for (let i = 0; i < p.spoken.length; i++) {
          const s = p.toSource(i);
          assert.ok(s >= 0 && s <= src.length && p.toSourceEnd(i + 1) <= src.length, `${id}: mapped inside the source`);
        }
        assert.ok(Date.now() - t0 < 10_000, `${id}: ${src.length} characters prepared in ${Date.now() - t0} ms`);
      }
    }
  });
});

describe('identifiers and URLs in prose', () => {
  const md = (src: string, urls: 'host' | 'skip' | 'read' = 'host'): PreparedText => prepareText(src, { languageId: 'markdown', codeBlocks: 'announce', urls });

  it('inline code: camelCase, PascalCase, acronyms, snake_case, SCREAMING_CASE, kebab-case; digits stay', () => {
    const p = md('Call `parseOptions`, `FormatReader`, `HTTPServer`, `parse_options`, `MAX_RETRIES`, `__init__`, `kebab-case` and `utf8Decode`.');
    assert.equal(said(p), 'Call parse options, Format reader, HTTP server, parse options, max retries, init, kebab case and utf8 decode.');
  });

  it('prose: names stay whole, identifiers are cut, paths and dotted names are said', () => {
    const p = prepareText('On GitHub and the iPhone, call parseOptions from src/api/client.ts or os.path.join, e.g. 3.14 and/or v1.2.', { languageId: 'plaintext', codeBlocks: 'announce' });
    assert.equal(said(p), 'On GitHub and the iPhone, call parse options from src slash api slash client dot ts or os dot path dot join, e.g. 3.14 and/or v1.2.');
  });

  it('every spoken character maps to its source; a space put in maps to the boundary', () => {
    const src = 'Use `parseOptions` here.';
    const p = md(src);
    const at = p.spoken.indexOf('parse options');
    assert.equal(src.slice(p.toSource(at), p.toSourceEnd(at + 5)), 'parse');
    const space = at + 5;
    assert.equal(p.toSource(space), src.indexOf('Options'));
    assert.equal(p.toSourceEnd(space + 1), src.indexOf('Options'), 'the space stands for no source character');
    const o = at + 6;
    assert.equal(src.slice(p.toSource(o), p.toSourceEnd(o + 7)), 'Options', '"options" maps to "Options"');
  });

  it('URLs: link to the host, skipped, or read; a Markdown link keeps its text', () => {
    const src = 'See https://github.com/evolink/tts?x=1. Or <https://www.example.org/docs>, or www.example.com/start, or [the guide](https://example.com/guide).';
    assert.equal(said(md(src)), 'See link to github.com. Or link to example.org, or link to example.com, or the guide.');
    assert.equal(said(md(src, 'skip')), 'See . Or , or , or the guide.');
    assert.equal(said(md(src, 'read')), 'See https://github.com/evolink/tts?x=1. Or https://www.example.org/docs, or www.example.com/start, or the guide.');
    const p = md(src);
    const host = p.spoken.indexOf('github.com');
    assert.equal(src.slice(p.toSource(host), p.toSourceEnd(host + 'github.com'.length)), 'github.com');
    const link = p.spoken.indexOf('link to');
    assert.equal(src.slice(p.toSource(link), p.toSourceEnd(link + 'link to '.length)), 'https://', '"link to" stands for the scheme');
  });

  it('URLs and identifiers in code comments', () => {
    const p = prep('// See https://docs.python.org/3/library and `parse_options`.\nx = 1\n', 'typescript');
    assert.equal(said(p), 'See link to docs.python.org and parse options.');
  });
});
