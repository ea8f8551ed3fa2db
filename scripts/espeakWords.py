#!/usr/bin/env python3
# Connected speech with eSpeak NG's own word times (dev only, for the aligner's ground truth; never shipped).
#
# Reads JSON lines on stdin, one request each: {"voice": "en-us", "rate": 175, "text": "...", "lineLength": 0};
# writes one JSON line per request: {"sampleRate": 22050, "samples": "<base64 16-bit little-endian mono>", "words":
# [{"char": c, "length": n, "sample": s}]}, where `char` is the word's first character in `text` (0-based, in
# Unicode code points), `length` its length in characters and `sample` where eSpeak placed the word in the
# audio. The times come from libespeak-ng's synth callback in synchronous mode: each espeakEVENT_WORD carries
# the word's text position and its audio position (whole milliseconds from the start of the text, turned into
# a sample index here). `lineLength` (optional) is eSpeak's -l: a shorter line ends a clause.
#
# Needs libespeak-ng (Debian: `apt-get install libespeak-ng1`, which brings espeak-ng-data). Exits with code 3
# and a one-line message on stderr when the library cannot be loaded, so the caller can fall back.
import base64
import ctypes
import ctypes.util
import json
import sys

AUDIO_OUTPUT_SYNCHRONOUS = 2
CHARS_UTF8 = 1
EVENT_LIST_TERMINATED = 0
EVENT_WORD = 1
POS_CHARACTER = 1
RATE = 1
LINELENGTH = 13


class Event(ctypes.Structure):
    _fields_ = [
        ('type', ctypes.c_int),
        ('unique_identifier', ctypes.c_uint),
        ('text_position', ctypes.c_int),
        ('length', ctypes.c_int),
        ('audio_position', ctypes.c_int),
        ('sample', ctypes.c_int),
        ('user_data', ctypes.c_void_p),
        ('id', ctypes.c_char * 8),
    ]


CALLBACK = ctypes.CFUNCTYPE(ctypes.c_int, ctypes.POINTER(ctypes.c_short), ctypes.c_int, ctypes.POINTER(Event))


def load():
    for name in ('libespeak-ng.so.1', ctypes.util.find_library('espeak-ng'), 'libespeak-ng.dylib'):
        if not name:
            continue
        try:
            return ctypes.CDLL(name)
        except OSError:
            pass
    return None


def main():
    lib = load()
    if lib is None:
        sys.stderr.write('libespeak-ng not found (Debian: apt-get install libespeak-ng1)\n')
        sys.exit(3)
    rate_hz = lib.espeak_Initialize(AUDIO_OUTPUT_SYNCHRONOUS, 0, None, 0)
    if rate_hz <= 0:
        sys.stderr.write('libespeak-ng failed to initialise (is espeak-ng-data installed?)\n')
        sys.exit(3)
    chunks = []
    words = []

    def on_synth(wav, n, events):
        i = 0
        while events[i].type != EVENT_LIST_TERMINATED:
            e = events[i]
            if e.type == EVENT_WORD:
                # audio_position is in ms from the start of this message.
                words.append({'char': e.text_position - 1, 'length': e.length, 'ms': e.audio_position})
            i += 1
        if n > 0:
            chunks.append(ctypes.string_at(wav, n * 2))
        return 0

    callback = CALLBACK(on_synth)
    lib.espeak_SetSynthCallback(callback)
    lib.espeak_Synth.argtypes = [ctypes.c_char_p, ctypes.c_size_t, ctypes.c_uint, ctypes.c_int, ctypes.c_uint,
                                 ctypes.c_uint, ctypes.c_void_p, ctypes.c_void_p]
    for line in sys.stdin:
        line = line.strip()
        if not line:
            continue
        req = json.loads(line)
        chunks.clear()
        words.clear()
        if lib.espeak_SetVoiceByName(req['voice'].encode()) != 0:
            sys.stderr.write('eSpeak has no voice %s\n' % req['voice'])
            sys.exit(4)
        lib.espeak_SetParameter(RATE, int(req['rate']), 0)
        # A line ends a clause (eSpeak's -l): list items and headings are read as phrases of their own, not
        # run together as eSpeak does by default (it reads a line break as a space).
        lib.espeak_SetParameter(LINELENGTH, int(req.get('lineLength', 0)), 0)
        data = req['text'].encode('utf-8') + b'\0'
        lib.espeak_Synth(data, len(data), 0, POS_CHARACTER, 0, CHARS_UTF8, None, None)
        lib.espeak_Synchronize()
        audio = b''.join(chunks)
        out = [{'char': w['char'], 'length': w['length'], 'sample': round(w['ms'] * rate_hz / 1000)} for w in words]
        sys.stdout.write(json.dumps({'sampleRate': rate_hz, 'samples': base64.b64encode(audio).decode(), 'words': out}) + '\n')
        sys.stdout.flush()


if __name__ == '__main__':
    main()
