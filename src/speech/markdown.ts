// The Markdown parser: micromark via mdast-util-from-markdown, with GFM, front matter and math. In the
// packaged extension this is a bundle of its own, dist/markdown.js (see esbuild.js), loaded by textPrep.ts
// the first time a Markdown document is read, not at activation.
import type { Root } from 'mdast';
import { fromMarkdown } from 'mdast-util-from-markdown';
import { frontmatterFromMarkdown } from 'mdast-util-frontmatter';
import { gfmFromMarkdown } from 'mdast-util-gfm';
import { mathFromMarkdown } from 'mdast-util-math';
import { frontmatter } from 'micromark-extension-frontmatter';
import { gfm } from 'micromark-extension-gfm';
import { math } from 'micromark-extension-math';

type MicromarkExtension = ReturnType<typeof gfm>;
type MdastExtension = ReturnType<typeof frontmatterFromMarkdown>;

/** The parser extensions, made once. */
let extensions: { md: MicromarkExtension[]; mdast: MdastExtension[] } | undefined;

/** The Markdown tree of `text` (GFM, front matter and math), every node with its source offsets. */
export function parseMarkdownTree(text: string): Root {
  const ext = (extensions ??= {
    md: [gfm(), frontmatter(['yaml', 'toml']), math()],
    mdast: [...gfmFromMarkdown(), frontmatterFromMarkdown(['yaml', 'toml']), mathFromMarkdown()],
  });
  return fromMarkdown(text, { extensions: ext.md, mdastExtensions: ext.mdast });
}
