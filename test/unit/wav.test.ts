import * as assert from 'node:assert/strict';
import { concatWav, parseWav, sniffAudio, wavHeader, WavError, extensionFor } from '../../src/audio/wav';

export function makeWav(o: { rate?: number; channels?: number; bits?: number; samples?: number; extraChunk?: boolean } = {}): Uint8Array {
  const rate = o.rate ?? 24000;
  const channels = o.channels ?? 1;
  const bits = o.bits ?? 16;
  const dataSize = (o.samples ?? rate / 10) * channels * (bits / 8);
  const h = wavHeader({ sampleRate: rate, channels, bitsPerSample: bits, dataSize });
  const data = new Uint8Array(dataSize).map((_, i) => i % 251);
  if (!o.extraChunk) return concat(h, data);
  // Insert an odd-sized LIST chunk between fmt and data (padded to even length).
  const list = new Uint8Array([...Buffer.from('LIST'), 3, 0, 0, 0, 65, 66, 67, 0]);
  const out = concat(h.subarray(0, 36), list, h.subarray(36), data);
  new DataView(out.buffer).setUint32(4, out.length - 8, true);
  return out;
}

function concat(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let pos = 0;
  for (const p of parts) { out.set(p, pos); pos += p.length; }
  return out;
}

describe('wav', () => {
  it('parses a canonical PCM header', () => {
    const w = parseWav(makeWav({ rate: 22050, samples: 22050 }));
    assert.equal(w.formatTag, 1);
    assert.equal(w.sampleRate, 22050);
    assert.equal(w.channels, 1);
    assert.equal(w.bitsPerSample, 16);
    assert.equal(w.dataOffset, 44);
    assert.equal(w.dataSize, 44100);
    assert.equal(w.durationSec, 1);
    assert.equal(w.dataBytesPresent, w.dataSize);
  });

  it('walks past LIST and odd-sized chunks', () => {
    const w = parseWav(makeWav({ extraChunk: true, channels: 2, rate: 48000, samples: 4800 }));
    assert.equal(w.channels, 2);
    assert.equal(w.sampleRate, 48000);
    assert.equal(w.dataOffset, 44 + 12);
    assert.ok(Math.abs(w.durationSec - 0.1) < 1e-9);
  });

  it('reports a truncated data chunk', () => {
    const full = makeWav();
    const w = parseWav(full.subarray(0, full.length - 100));
    assert.equal(w.dataBytesPresent, w.dataSize - 100);
    assert.equal(w.bytesToEnd, w.dataSize - 100);
  });

  it('rejects non-WAV and headers without fmt/data', () => {
    assert.throws(() => parseWav(new Uint8Array([1, 2, 3])), WavError);
    const headerOnly = makeWav().subarray(0, 36);
    assert.throws(() => parseWav(headerOnly), /no data chunk/);
    const noFmt = new Uint8Array([...Buffer.from('RIFF'), 4, 0, 0, 0, ...Buffer.from('WAVE')]);
    assert.throws(() => parseWav(noFmt), /no fmt chunk/);
  });

  it('sniffs formats from bytes', () => {
    assert.equal(sniffAudio(makeWav()), 'wav');
    assert.equal(sniffAudio(Buffer.from('ID3\x04\x00rest')), 'mp3');
    assert.equal(sniffAudio(new Uint8Array([0xff, 0xfb, 0x90, 0x00])), 'mp3');
    assert.equal(sniffAudio(new Uint8Array([0xff, 0xe3])), 'mp3');
    assert.equal(sniffAudio(Buffer.from('OggS\x00\x02')), 'ogg');
    assert.equal(sniffAudio(Buffer.from('<html>nope</html>')), 'unknown');
    assert.equal(sniffAudio(Buffer.from('RIFF\x00\x00\x00\x00AVI ')), 'unknown');
    assert.equal(sniffAudio(new Uint8Array()), 'unknown');
    assert.equal(extensionFor('mp3'), '.mp3');
    assert.equal(extensionFor('wav'), '.wav');
  });

  it('concatenates same-format parts', () => {
    const a = makeWav({ samples: 100 });
    const b = makeWav({ samples: 50, extraChunk: true });
    const out = concatWav([a, b]);
    const w = parseWav(out);
    assert.equal(w.dataSize, 300);
    assert.deepEqual(out.subarray(44, 244), a.subarray(44));
    assert.deepEqual(out.subarray(244), b.subarray(56));
    assert.equal(new DataView(out.buffer).getUint32(4, true), out.length - 8);
  });

  it('refuses to concatenate different formats with a clear error', () => {
    assert.throws(() => concatWav([makeWav({ rate: 24000 }), makeWav({ rate: 16000 })]), /part 2 is 16000 Hz.*part 1 is 24000 Hz/);
    assert.throws(() => concatWav([]), /nothing/);
    assert.throws(() => concatWav([makeWav(), new Uint8Array(4)]), /part 2: not a RIFF/);
  });
});
