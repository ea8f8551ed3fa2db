import * as assert from 'node:assert/strict';
import { wavToMp3 } from '../../src/audio/mp3';
import { parseWav, wavHeader, WavError } from '../../src/audio/wav';
import { synthesize } from '../simulator/audio';

/**
 * Reads an MP3 as a player does, from the bytes alone (written here from the MPEG audio and LAME tag
 * specifications, not from the encoder module): every frame header, the Xing/Info header with the frame count
 * and the LAME tag's encoder delay and padding.
 */
function readMp3(b: Uint8Array) {
  const frames: { at: number; length: number; samples: number; rate: number; kbps: number; channels: number }[] = [];
  for (let p = 0; p < b.length;) {
    assert.equal(b[p], 0xff, `frame sync at ${p}`);
    assert.equal(b[p + 1] & 0xe0, 0xe0, `frame sync at ${p}`);
    const version = (b[p + 1] >> 3) & 3;
    assert.equal((b[p + 1] >> 1) & 3, 1, 'layer III');
    const mpeg1 = version === 3;
    const kbps = (mpeg1 ? [0, 32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320] : [0, 8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160])[b[p + 2] >> 4];
    const rate = [44100, 48000, 32000][(b[p + 2] >> 2) & 3] / (mpeg1 ? 1 : version === 2 ? 2 : 4);
    const samples = mpeg1 ? 1152 : 576;
    const length = Math.floor((samples / 8) * kbps * 1000 / rate) + ((b[p + 2] >> 1) & 1);
    frames.push({ at: p, length, samples, rate, kbps, channels: b[p + 3] >> 6 === 3 ? 1 : 2 });
    p += length;
  }
  const first = frames[0];
  const side = first.samples === 1152 ? (first.channels === 1 ? 17 : 32) : first.channels === 1 ? 9 : 17;
  const tag = first.at + 4 + side;
  const text = (at: number, n: number) => Buffer.from(b.subarray(at, at + n)).toString('latin1');
  const dv = new DataView(b.buffer, b.byteOffset, b.byteLength);
  assert.match(text(tag, 4), /^(Xing|Info)$/, 'a Xing or Info header in the first frame');
  const flags = dv.getUint32(tag + 4);
  assert.equal(flags & 3, 3, 'frame and byte counts present');
  const count = dv.getUint32(tag + 8);
  const bytes = dv.getUint32(tag + 12);
  const lame = tag + 16 + (flags & 4 ? 100 : 0) + (flags & 8 ? 4 : 0);
  assert.equal(text(lame, 4), 'LAME');
  const delays = (b[lame + 21] << 16) | (b[lame + 22] << 8) | b[lame + 23];
  let crc = 0;
  for (let i = first.at; i < lame + 34; i++) {
    crc ^= b[i];
    for (let k = 0; k < 8; k++) crc = crc & 1 ? (crc >>> 1) ^ 0xa001 : crc >>> 1;
  }
  return { frames, count, bytes, delay: delays >> 12, padding: delays & 0xfff, crcOk: crc === dv.getUint16(lame + 34) };
}

/** A WAV of `seconds` of a gliding tone with noise (seeded), at `rate`, `channels`, `bits`. */
function toneWav(seconds: number, rate: number, channels = 1, bits = 16): Uint8Array {
  const n = Math.round(seconds * rate);
  const bytes = bits / 8;
  const h = wavHeader({ sampleRate: rate, channels, bitsPerSample: bits, dataSize: n * channels * bytes });
  const out = new Uint8Array(h.length + n * channels * bytes);
  out.set(h);
  const dv = new DataView(out.buffer);
  let seed = 7;
  for (let i = 0; i < n; i++) {
    seed = (seed * 1103515245 + 12345) >>> 0;
    const v = 0.5 * Math.sin((2 * Math.PI * (200 + i / 50) * i) / rate) + 0.05 * (seed / 2 ** 32 - 0.5);
    for (let c = 0; c < channels; c++) {
      const at = h.length + (i * channels + c) * bytes;
      if (bits === 8) dv.setUint8(at, Math.round(128 + v * 127));
      else dv.setInt16(at, Math.round(v * 32767), true);
    }
  }
  return out;
}

/** The duration a player that honours the LAME tag shows (frames after the Info frame, less delay and padding). */
function playedSeconds(m: ReturnType<typeof readMp3>): number {
  return (m.count * m.frames[0].samples - m.delay - m.padding) / m.frames[0].rate;
}

describe('Save Audio as MP3 (wavToMp3)', function () {
  this.timeout(60000);

  it('encodes espeak speech as mono 64 kbit/s MP3 whose Info/LAME header gives the WAV duration within a sample', async () => {
    const wav = new Uint8Array(await synthesize('The committee met on Tuesday to review the budget. Three members asked for a second reading, and the chair agreed to schedule it before the end of the month.', 'en-us'));
    const info = parseWav(wav);
    const mp3 = wavToMp3(wav);
    const m = readMp3(mp3);
    assert.equal(m.count, m.frames.length - 1, 'the Info frame counts the audio frames after it');
    assert.equal(m.bytes, mp3.length, 'the Info frame gives the file size');
    assert.ok(m.crcOk, 'the LAME tag CRC is right');
    assert.ok(m.frames.every((f) => f.kbps === 64 && f.channels === 1 && f.rate === info.sampleRate), 'constant 64 kbit/s mono at the WAV rate');
    assert.equal(m.delay, 576);
    assert.ok(m.padding >= 0 && m.padding < 2 * m.frames[0].samples);
    assert.ok(Math.abs(playedSeconds(m) - info.durationSec) < 1 / info.sampleRate, `${playedSeconds(m)} s vs ${info.durationSec} s`);
    assert.ok(mp3.length < wav.length / 4, `MP3 ${mp3.length} bytes vs WAV ${wav.length}`);
  });

  for (const [rate, channels, bits, seconds] of [[24000, 1, 16, 3.21], [16000, 1, 16, 1.5], [44100, 2, 16, 2.003], [11025, 1, 8, 0.7], [22050, 2, 16, 10]] as const) {
    it(`keeps the duration of ${seconds} s at ${rate} Hz, ${channels} channel(s), ${bits}-bit`, () => {
      const mp3 = wavToMp3(toneWav(seconds, rate, channels, bits));
      const m = readMp3(mp3);
      assert.ok(m.crcOk);
      assert.equal(m.frames[0].rate, rate);
      assert.equal(m.count, m.frames.length - 1);
      assert.ok(Math.abs(playedSeconds(m) - seconds) < 1.5 / rate, `${playedSeconds(m)} s vs ${seconds} s`);
      // The frames hold every input sample after the encoder's delay, and less than two frames more.
      const extra = m.count * m.frames[0].samples - Math.round(seconds * rate) - 576;
      assert.ok(extra >= 0 && extra < 2 * m.frames[0].samples, `${extra} samples of padding`);
    });
  }

  it('resamples a rate MPEG does not have to the next one up, keeping the duration', () => {
    const m = readMp3(wavToMp3(toneWav(2, 20000)));
    assert.equal(m.frames[0].rate, 22050);
    assert.ok(Math.abs(playedSeconds(m) - 2) < 2 / 22050, `${playedSeconds(m)}`);
  });

  it('refuses what is not WAV audio it can read, with WavError', () => {
    assert.throws(() => wavToMp3(new TextEncoder().encode('not audio at all')), WavError);
    const odd = toneWav(0.2, 24000);
    new DataView(odd.buffer).setUint16(20, 2, true); // format tag 2: ADPCM
    assert.throws(() => wavToMp3(odd), (e: unknown) => e instanceof WavError && /cannot be converted to MP3/.test(e.message));
  });
});
