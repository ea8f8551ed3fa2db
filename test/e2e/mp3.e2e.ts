// Save Audio's MP3 in a browser: headless Chromium loads the MP3 that src/audio/mp3.ts makes from espeak speech
// (and the WAV it came from) in an `<audio>` element, and the durations it reports must agree within 50 ms,
// as must the audio it decodes (Web Audio), so a player shows the right length and plays all of it.
import * as assert from 'node:assert/strict';
import type { Browser, Page } from 'playwright-core';
import { wavToMp3 } from '../../src/audio/mp3';
import { parseWav } from '../../src/audio/wav';
import { launchChromium } from '../harness/browser';
import { synthesize } from '../simulator/audio';

const TEXTS = [
  'Reading aloud helps you hear the sentence that your eyes skipped.',
  'The committee met on Tuesday to review the budget. Three members asked for a second reading, and the chair agreed to schedule it before the end of the month, after the auditors have reported.',
];

describe('Save Audio as MP3: the file in a browser', function () {
  this.timeout(120_000);
  let browser: Browser;
  let page: Page;

  before(async () => {
    browser = await launchChromium();
    page = await browser.newPage();
    await page.setContent('<!doctype html><title>mp3</title><body></body>');
  });
  after(async () => { await browser?.close(); });

  /** What `<audio>` says the duration is, and how long Web Audio's decoding of the bytes lasts. */
  async function measure(bytes: Uint8Array, type: string): Promise<{ element: number; decoded: number }> {
    // A string, as the page's code runs in the browser (this project compiles without the DOM's types).
    const script = `(async () => {
      const b64 = ${JSON.stringify(Buffer.from(bytes).toString('base64'))}, type = ${JSON.stringify(type)};
      const bin = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
      const url = URL.createObjectURL(new Blob([bin], { type }));
      const audio = document.createElement('audio');
      audio.preload = 'auto';
      const element = await new Promise((resolve, reject) => {
        audio.onloadedmetadata = () => resolve(audio.duration);
        audio.onerror = () => reject(new Error('<audio> could not load ' + type + ': ' + (audio.error && (audio.error.message || audio.error.code))));
        audio.src = url;
      });
      const decoded = (await new OfflineAudioContext(1, 1, 44100).decodeAudioData(bin.buffer.slice(0))).duration;
      URL.revokeObjectURL(url);
      return { element, decoded };
    })()`;
    return page.evaluate(script) as Promise<{ element: number; decoded: number }>;
  }

  for (const [i, text] of TEXTS.entries()) {
    it(`plays speech ${i + 1} as MP3 with the WAV's duration (within 50 ms)`, async () => {
      const wav = new Uint8Array(await synthesize(text, 'en-us'));
      const seconds = parseWav(wav).durationSec;
      const mp3 = wavToMp3(wav);
      const w = await measure(wav, 'audio/wav');
      const m = await measure(mp3, 'audio/mpeg');
      console.log(`      WAV ${seconds.toFixed(4)} s (<audio> ${w.element.toFixed(4)}); MP3 <audio> ${m.element.toFixed(4)} s, decoded ${m.decoded.toFixed(4)} s; ${wav.length} → ${mp3.length} bytes`);
      assert.ok(Math.abs(w.element - seconds) < 0.005, 'the WAV plays for its own length');
      assert.ok(Math.abs(m.element - seconds) < 0.05, `<audio> says ${m.element} s for the MP3, the WAV lasts ${seconds} s`);
      assert.ok(Math.abs(m.decoded - seconds) < 0.05, `the MP3 decodes to ${m.decoded} s, the WAV lasts ${seconds} s`);
    });
  }
});
