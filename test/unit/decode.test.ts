// decodeAudio and the WAV joiner on the forms a streaming TTS service sends: placeholder data and RIFF sizes
// (0xFFFFFFFF, 0x7FFFFFFF, 0), odd-length parts, 24 kHz audio.
import * as assert from 'node:assert/strict';
import { AudioDecodeError, decodeAudio } from '../../src/audio/decode';
import { concatWav, parseWav, wavHeader } from '../../src/audio/wav';

const PLACEHOLDERS = [['0xFFFFFFFF', 0xffffffff], ['0x7FFFFFFF', 0x7fffffff], ['0', 0]] as const;

/** A 16-bit WAV of `dataBytes` bytes of samples whose header declares `declared` (data) and `riff` sizes. */
function wav(o: { rate?: number; channels?: number; dataBytes: number; declared?: number; riff?: number; seed?: number }): Uint8Array {
  const channels = o.channels ?? 1;
  const h = wavHeader({ sampleRate: o.rate ?? 24000, channels, bitsPerSample: 16, dataSize: o.dataBytes });
  const out = new Uint8Array(44 + o.dataBytes);
  out.set(h);
  for (let i = 0; i < o.dataBytes; i++) out[44 + i] = (i * 7 + (o.seed ?? 0)) % 256;
  const dv = new DataView(out.buffer);
  if (o.declared !== undefined) dv.setUint32(40, o.declared, true);
  if (o.riff !== undefined) dv.setUint32(4, o.riff, true);
  return out;
}

const u32 = (b: Uint8Array, off: number) => new DataView(b.buffer, b.byteOffset, b.byteLength).getUint32(off, true);

describe('decodeAudio', () => {
  it('leaves a complete, correct WAV as it is and reads its details', () => {
    const bytes = wav({ dataBytes: 48000 });
    const a = decodeAudio(bytes);
    assert.equal(a.bytes, bytes, 'no copy when nothing needs fixing');
    assert.equal(a.format, 'wav');
    assert.equal(a.extension, '.wav');
    assert.equal(a.sampleRate, 24000);
    assert.equal(a.channels, 1);
    assert.equal(a.bitsPerSample, 16);
    assert.equal(a.durationSec, 1);
  });

  for (const [name, size] of PLACEHOLDERS) {
    it(`a complete 24 kHz body with data and RIFF sizes ${name} gets its true sizes`, () => {
      const truth = wav({ dataBytes: 24000 });
      const bytes = wav({ dataBytes: 24000, declared: size, riff: size });
      const a = decodeAudio(bytes);
      assert.deepEqual(a.bytes, truth, 'the very file a non-streaming server would have sent');
      assert.equal(u32(a.bytes, 40), 24000);
      assert.equal(u32(a.bytes, 4), a.bytes.length - 8);
      assert.equal(a.sampleRate, 24000);
      assert.equal(a.durationSec, 0.5);
      assert.equal(u32(bytes, 40), size, 'the input is not changed');
    });

    it(`data size ${name} over a body ending inside a sample frame: the partial frame is dropped`, () => {
      const bytes = wav({ dataBytes: 481, declared: size, riff: size });
      const a = decodeAudio(bytes);
      assert.equal(a.bytes.length, 44 + 480);
      assert.equal(u32(a.bytes, 40), 480);
      assert.equal(u32(a.bytes, 4), 44 + 480 - 8);
      assert.equal(parseWav(a.bytes).dataBytesPresent, 480);
      assert.equal(a.durationSec, 240 / 24000);
    });
  }

  it('a complete body whose header declares more data than follows is read to its end', () => {
    const a = decodeAudio(wav({ dataBytes: 2000, declared: 3000, riff: 3036 }));
    assert.equal(u32(a.bytes, 40), 2000);
    assert.equal(u32(a.bytes, 4), 2036);
    assert.equal(a.durationSec, 1000 / 24000);
  });

  it('a placeholder RIFF size alone is fixed, the data size kept', () => {
    const bytes = wav({ dataBytes: 1000, riff: 0xffffffff });
    const a = decodeAudio(bytes);
    assert.equal(u32(a.bytes, 4), 1036);
    assert.equal(u32(a.bytes, 40), 1000);
    assert.equal(a.bytes.length, bytes.length);
  });

  it('a body cut inside the header is not audio it can read', () => {
    const cut = wav({ dataBytes: 1000, declared: 0xffffffff, riff: 0xffffffff }).subarray(0, 40);
    assert.throws(() => decodeAudio(cut), (e) => e instanceof AudioDecodeError && /no data chunk/.test(e.message));
  });

  it('passes MP3 and Ogg through and refuses what is not audio', () => {
    const mp3 = new Uint8Array([...Buffer.from('ID3'), 4, 0, 0]);
    assert.equal(decodeAudio(mp3).format, 'mp3');
    assert.equal(decodeAudio(mp3).bytes, mp3);
    assert.equal(decodeAudio(new Uint8Array(Buffer.from('OggS\x00\x02'))).extension, '.ogg');
    assert.throws(() => decodeAudio(new Uint8Array(Buffer.from('<html>'))), (e) => e instanceof AudioDecodeError && /not audio/.test(e.message));
  });
});

describe('concatWav (Save Audio joins parts)', () => {
  it('cuts a 16-bit part of 481 data bytes to 480, so the next part starts on a sample', () => {
    const a = wav({ dataBytes: 481, seed: 1 });
    const b = wav({ dataBytes: 200, seed: 2 });
    const out = concatWav([a, b]);
    assert.equal(u32(out, 40), 680);
    assert.equal(out.length, 44 + 680);
    assert.deepEqual(out.subarray(44, 524), a.subarray(44, 524));
    assert.deepEqual(out.subarray(524), b.subarray(44), 'part 2 sample-aligned, not shifted by a byte');
  });

  it('a stereo part ending mid-frame is cut to whole frames (4 bytes)', () => {
    const out = concatWav([wav({ channels: 2, dataBytes: 402 }), wav({ channels: 2, dataBytes: 400 })]);
    assert.equal(u32(out, 40), 800);
  });

  for (const [name, size] of PLACEHOLDERS) {
    it(`a part whose header says data size ${name} contributes its real data`, () => {
      const a = wav({ dataBytes: 300, seed: 3 });
      const b = wav({ dataBytes: 500, declared: size, riff: size, seed: 4 });
      const out = concatWav([b, a]);
      assert.equal(u32(out, 40), 800);
      assert.deepEqual(out.subarray(44, 544), b.subarray(44));
      assert.deepEqual(out.subarray(544), a.subarray(44));
    });
  }

  it('joins 24 kHz parts into a 24 kHz file', () => {
    const out = concatWav([wav({ dataBytes: 24000 }), wav({ dataBytes: 24000, declared: 0xffffffff })]);
    const w = parseWav(out);
    assert.equal(w.sampleRate, 24000);
    assert.equal(w.byteRate, 48000);
    assert.equal(w.durationSec, 1);
  });
});
