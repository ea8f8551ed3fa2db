// Code files in the real editor: Speak Document on a Python module sends only its docstrings and comments
// to Evolink (never its code, nor the strings that hold a "#"), and the highlight lands in the comments;
// Speak Selection of code with no comment in it reads the selection as it is.
import * as assert from 'assert';
import * as vscode from 'vscode';
import { Commands } from '../../src/constants';
import type { HighlightRecord } from '../../src/publicApi';
import { api, waitForRest } from './helpers';
import { openDoc, prompts, reach, readingSuite, speakDocumentHighlights, uniqueTag } from './proofread';

const words = (s: string): string[] => s.match(/[\p{L}\p{N}]+/gu) ?? [];

function pythonModule(tag: string): { text: string; said: string[]; comments: string[] } {
  const comments = [
    `"""Reads the weather for ${tag} from a file.\n\nEach line holds one reading.\n"""`,
    `# The readings are kept in order.`,
    `"""Parse one line of the file.\n\n    :param line: the text of the line\n    """`,
    `# Blank lines carry no reading.`,
  ];
  const text = [
    comments[0],
    'import sys',
    '',
    'MARKER = "# hashmark lilac"  # The marker that starts a place.',
    comments[1],
    'READINGS = []',
    '',
    '',
    'def parse(line: str) -> "tuple[str, float]":',
    `    ${comments[2]}`,
    `    ${comments[3]}`,
    '    if not line.strip():',
    "        return ('# quartz', 0.0)",
    "    place, value = line.split('#', 1)",
    '    return place, float(value)',
    '',
  ].join('\n');
  comments.splice(1, 0, '# The marker that starts a place.');
  const said = [
    `Reads the weather for ${tag} from a file.`,
    'Each line holds one reading.',
    'The marker that starts a place.',
    'The readings are kept in order.',
    'Parse one line of the file.',
    'Parameter line: the text of the line.',
    'Blank lines carry no reading.',
  ];
  return { text, said, comments };
}

describe('Code files: comments and docstrings', () => {
  readingSuite({ playbackRate: 3, cacheMaxMegabytes: 0 });

  it('Speak Document on a .py file sends only its docstrings and comments, and the highlight lands in them', async function () {
    this.timeout(120_000);
    const a = await api();
    const tag = uniqueTag();
    const m = pythonModule(tag);
    const editor = await openDoc('weather.py', m.text);
    assert.strictEqual(editor.document.languageId, 'python');
    const seen = await speakDocumentHighlights(a);
    const sent = await prompts();
    assert.deepStrictEqual(words(sent.join(' ')), words(m.said.join(' ')), `only the comments, every word in order: ${JSON.stringify(sent)}`);
    assert.ok(!sent.some((p) => /lilac|quartz|hashmark|import|READINGS|def |"""|#/.test(p)), `no code, string or marker is sent: ${JSON.stringify(sent)}`);
    // Every highlight lies inside one comment or docstring of the file.
    const doc = editor.document.getText();
    const ranges = m.comments.map((c) => {
      const at = doc.indexOf(c);
      assert.ok(at >= 0, `comment written: ${c}`);
      return [at, at + c.length];
    });
    const shown = seen.filter((h): h is HighlightRecord => h !== undefined);
    assert.ok(shown.length >= 3, `the highlight moved (${shown.length})`);
    for (const h of shown) {
      assert.ok(ranges.some(([s, e]) => s <= h.start && h.end <= e), `highlight ${h.start}–${h.end} is inside a comment: ${JSON.stringify(doc.slice(h.start, h.end))}`);
    }
    assert.ok(shown.some((h) => doc.slice(h.start, h.end).includes('Blank lines carry')), 'the last comment is highlighted');
  });

  it('Speak Selection of code with no comment in it reads the selection as it is', async function () {
    this.timeout(60_000);
    const a = await api();
    const tag = uniqueTag();
    const text = `# A comment.\nvalue_${tag.toLowerCase()} = compute(1)\n`;
    const editor = await openDoc('selection.py', text);
    const start = text.indexOf('value_');
    const end = text.indexOf('\n', start);
    editor.selection = new vscode.Selection(editor.document.positionAt(start), editor.document.positionAt(end));
    const run = vscode.commands.executeCommand(Commands.speakSelection);
    await reach(a, ['done', 'failed', 'cancelled'], 45_000);
    await run;
    const state = await waitForRest(a, 30_000);
    assert.strictEqual(state.kind, 'done', `ended ${state.kind}`);
    const sent = await prompts();
    assert.deepStrictEqual(sent.map((p) => p.trim()), [text.slice(start, end)], 'the selected code, as it is');
  });
});
