// Every word of a hard-wrapped document reaches Evolink once, in order, and the highlight lands on each
// sentence's own words: wrapped Markdown (emphasis and links across line breaks, references, abbreviations,
// numbers, an HTML block, front matter) and wrapped plain text; and an edit to a wrapped paragraph whose part
// was already fetched ahead is heard as edited.
import * as assert from 'assert';
import * as vscode from 'vscode';
import { Commands } from '../../src/constants';
import type { HighlightRecord } from '../../src/publicApi';
import { api, until, waitForRest } from './helpers';
import { collectHighlights, openDoc, prompts, reach, readingSuite, speakDocumentHighlights, uniqueTag, withSettings } from './proofread';
import { wrap } from '../fixtures/wrap';

const words = (s: string): string[] => s.match(/[\p{L}\p{N}]+/gu) ?? [];

/** The sentences a listener should hear, each written in the document with its markup. */
function sentences(tag: string): Array<{ said: string; md: string }> {
  return [
    { said: `Proofreading by ear starts with ${tag} and a cup of tea.`, md: `Proofreading by ear starts with ${tag} and a *cup of tea*.` },
    { said: 'Mr. Smith reads every line until a valid key is given.', md: 'Mr. Smith reads every line until a valid key is given.' },
    { said: 'Nobody expected the tide to turn so early; by 7.30 the water had already reached the second step.', md: 'Nobody expected the tide to turn so early; by 7.30 the water had already reached the **second step**.' },
    { said: 'He said "stop" and the reading went on, e.g. through the next clause.', md: 'He said &quot;stop&quot; and the reading went on, e.g. through the [next clause](https://example.com/clause).' },
    { said: 'See the guide for the rest of the story and the footnotes.', md: 'See the [guide][docs] for the rest of the story and the footnotes.' },
    { said: 'Important centered sentence.', md: '<p align="center">Important centered sentence.</p>' },
    { said: `The last paragraph ends the document with ${tag} again.`, md: `The last paragraph ends the document with ${tag} again.` },
  ];
}

function markdownDoc(tag: string): string {
  const s = sentences(tag);
  return [
    '---',
    'title: front matter is not read',
    '---',
    '',
    wrap(`${s[0].md} ${s[1].md} ${s[2].md}`, 72),
    '',
    wrap(`${s[3].md} ${s[4].md}`, 60),
    '',
    s[5].md,
    '',
    wrap(s[6].md, 40),
    '',
    '[docs]: https://example.com/docs',
    '',
  ].join('\n');
}

function plainDoc(tag: string): string {
  const s = sentences(tag);
  return [wrap(`${s[0].said} ${s[1].said} ${s[2].said}`, 66), wrap(`${s[3].said} ${s[4].said} ${s[5].said}`, 50), wrap(s[6].said, 30)].join('\r\n\r\n') + '\r\n';
}

describe('Every word of a wrapped document, once, in order', () => {
  // No audio cache: every part must reach the simulator, so its record of prompts is the whole reading.
  readingSuite({ playbackRate: 3, cacheMaxMegabytes: 0 });

  for (const kind of ['markdown', 'plain text'] as const) {
    it(`${kind}: the prompts hold every word in order, once, and each highlight is one sentence's own text`, async function () {
      this.timeout(120_000);
      const a = await api();
      const tag = uniqueTag();
      const text = kind === 'markdown' ? markdownDoc(tag) : plainDoc(tag);
      const editor = await openDoc(kind === 'markdown' ? 'wrapped.md' : 'wrapped.txt', text);
      const seen = await speakDocumentHighlights(a);
      const expected = sentences(tag).map((s) => s.said);
      const sent = await prompts();
      assert.deepStrictEqual(words(sent.join(' ')), words(expected.join(' ')), `every word in order, once: ${JSON.stringify(sent)}`);
      assert.ok(!sent.some((p) => /front matter|https?:|&quot;|\*|\[|<p/.test(p)), `no markup is read: ${JSON.stringify(sent)}`);
      // Each highlight covers one sentence of the document: the words of its source text (links' targets
      // aside) are exactly one expected sentence's words.
      const shown = seen.filter((h): h is HighlightRecord => h !== undefined);
      assert.ok(shown.length >= 3, `the highlight moved (${shown.length})`);
      const doc = editor.document.getText();
      const bySentence = expected.map((e) => words(e).join(' '));
      const landed: number[] = [];
      for (const h of shown) {
        const source = doc.slice(h.start, h.end).replace(/\]\([^)]*\)/g, ']').replace(/\]\[[^\]]*\]/g, ']').replace(/&quot;/g, '"').replace(/<\/?p[^>]*>/g, ' ');
        const i = bySentence.indexOf(words(source).join(' '));
        assert.ok(i >= 0, `highlight ${h.start}–${h.end} is one sentence's own text: ${JSON.stringify(doc.slice(h.start, h.end))}`);
        landed.push(i);
      }
      assert.ok(landed.every((i, k) => k === 0 || i >= landed[k - 1]), `in reading order: ${landed.join(',')}`);
      assert.strictEqual(landed.at(-1), expected.length - 1, 'the last sentence is highlighted');
    });
  }

  it('an edit to a wrapped paragraph whose part was already fetched ahead is heard as edited', async function () {
    this.timeout(150_000);
    const restoreSlow = await withSettings({ playbackRate: 1, maxParallelTasks: 3 });
    try {
      const a = await api();
      const tag = uniqueTag();
      const paragraphs = [
        `Listening is the last check before a text goes out, ${tag}. It finds what the eye skips when it reads too fast.`,
        `This paragraph is long enough to be a part of its own, ${tag}. Every sentence in it is plain and short, and none of it is edited.`,
        `Another paragraph keeps the reader busy for a while, ${tag}. It talks about nothing much at all, but it still takes time to say aloud.`,
        `The final paragraph mentions a colour that the reader will change, ${tag}. The colour of the old front door is blue.`,
      ];
      const editor = await openDoc('fetched-ahead.md', paragraphs.map((p) => wrap(p, 48)).join('\n\n') + '\n');
      const run = vscode.commands.executeCommand(Commands.speakDocument);
      await reach(a, ['playing'], 30_000);
      await until('the last paragraph is fetched ahead', async () => (await prompts()).some((p) => p.includes('is blue')), 60_000);
      assert.ok(!/colour that the reader/.test(a.highlight()?.text ?? ''), 'its part is not being heard yet');
      const doc = editor.document;
      const at = doc.getText().indexOf('blue');
      assert.ok(await editor.edit((e) => e.replace(new vscode.Range(doc.positionAt(at), doc.positionAt(at + 4)), 'green')));
      const rec = collectHighlights(a);
      try {
        await run;
        const end = await waitForRest(a, 90_000);
        assert.strictEqual(end.kind, 'done', `ended ${end.kind}`);
      } finally {
        rec.dispose();
      }
      const sent = await prompts();
      const edited = sent.findIndex((p) => p.includes('The colour of the old front door is green.'));
      assert.ok(edited > 0, `the edited paragraph was synthesized again: ${JSON.stringify(sent)}`);
      assert.ok(rec.seen.some((h) => h?.text.replace(/\s+/g, ' ') === 'The colour of the old front door is green.'), 'and heard: its sentence was highlighted as edited');
      const heard = words(sent.slice(0, edited + 1).join(' ')).join(' ');
      for (const p of paragraphs.slice(0, 3)) assert.ok(heard.includes(words(p).join(' ')), `nothing before it was skipped: ${p}`);
    } finally {
      await restoreSlow();
    }
  });
});
