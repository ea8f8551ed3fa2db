// The walkthrough's pages in every language: VS Code shows `<page>.nls.<locale>.md` (else `<page>.nls.<language>.md`)
// beside a walkthrough's Markdown page when the display language is that locale. Each page has its Simplified
// Chinese version, and the two say the same things where they must be identical: the code (setting ids, model
// names, JSON), the links and the table's shape.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';

const root = path.join(__dirname, '..', '..', '..');
const manifest = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as {
  contributes: { walkthroughs: Array<{ steps: Array<{ id: string; media: { markdown?: string } }> }> };
};
const pages = manifest.contributes.walkthroughs.flatMap((w) => w.steps).map((s) => s.media.markdown).filter((m): m is string => !!m);

const codeSpans = (md: string): string[] => [...md.matchAll(/`([^`]+)`/g)].map((m) => m[1]).sort();
const links = (md: string): string[] => [...md.matchAll(/\]\(([^)]+)\)/g)].map((m) => m[1]).sort();
const tableRows = (md: string): number[] => md.split('\n').filter((l) => l.startsWith('|')).map((l) => l.split('|').length);
const keys = (md: string): string[] => [...md.matchAll(/\b(?:Ctrl|Cmd|Alt|Shift|Escape)\b[+A-Za-z]*/g)].map((m) => m[0]).sort();

describe('walkthrough pages', () => {
  it('are contributed and exist', () => {
    assert.ok(pages.length >= 3, `walkthrough pages: ${pages.join(', ')}`);
    for (const p of pages) assert.ok(fs.existsSync(path.join(root, p)), p);
  });

  for (const page of pages) {
    it(`${path.basename(page)} has a Simplified Chinese version that says the same code, links, keys and table`, () => {
      const zhPath = path.join(root, page.replace(/\.md$/, '.nls.zh-cn.md'));
      assert.ok(fs.existsSync(zhPath), `${path.relative(root, zhPath)} exists`);
      const en = fs.readFileSync(path.join(root, page), 'utf8');
      const zh = fs.readFileSync(zhPath, 'utf8');
      assert.deepEqual(codeSpans(zh), codeSpans(en), 'code spans');
      assert.deepEqual(links(zh), links(en), 'links');
      assert.deepEqual(tableRows(zh), tableRows(en), 'table rows and columns');
      assert.deepEqual(keys(zh), keys(en), 'keys');
      assert.match(zh, /\p{Script=Han}/u, 'written in Chinese');
    });
  }
});
