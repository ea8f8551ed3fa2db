// The words the user sees for a failure or a missing setup: every ApiError kind gets an actionable message,
// and each setup problem the same words and buttons whichever command met it.
import * as assert from 'node:assert/strict';
import { ApiError, type ApiErrorKind } from '../../src/api/errors';
import { describeError, describeSetupProblem, type SetupJob, type SetupProblem } from '../../src/errorMessages';

const KINDS: ApiErrorKind[] = [
  'auth', 'credits', 'modelAccess', 'permission', 'voice', 'badRequest', 'taskNotFound', 'rateLimited', 'server',
  'network', 'timeout', 'malformed', 'taskFailed', 'taskCancelled', 'taskStuck', 'audioUnavailable', 'noAudio', 'config',
  'proxy', 'tls',
];

describe('error messages', () => {
  it('every kind but aborted has a sentence and at least one action', () => {
    for (const kind of KINDS) {
      const m = describeError(new ApiError({ kind, message: 'boom', status: 400 }), { voice: 'v' });
      assert.ok(m, kind);
      assert.ok(m.message.length > 20, kind);
      assert.ok(m.actions.length > 0, kind);
    }
    assert.equal(describeError(new ApiError({ kind: 'aborted', message: 'Stopped.' })), undefined);
  });

  it('offers the action the error table asks for', () => {
    const titles = (kind: ApiErrorKind, code?: string) =>
      describeError(new ApiError({ kind, message: 'x', code }))!.actions.map((a) => a.title);
    assert.ok(titles('auth').includes('Set API Key'));
    assert.ok(titles('auth', 'key_disabled').includes('Set API Key'));
    assert.ok(titles('credits').includes('Top Up'));
    assert.ok(titles('modelAccess').includes('Open API Keys'));
    assert.deepEqual(titles('voice').slice(0, 2), ['Design a Voice', 'Select Voice']);
    assert.deepEqual(titles('voice', 'voice_expired').slice(0, 2), ['Design a Voice', 'Select Voice']);
    assert.match(describeError(new ApiError({ kind: 'voice', message: 'x', code: 'voice_expired' }), { voice: 'v9' })!.message, /"v9" has expired/);
    const missing = describeError(new ApiError({ kind: 'badRequest', message: 'Missing voice', param: 'voice' }))!;
    assert.deepEqual(missing.actions.slice(0, 2).map((a) => a.title), ['Design a Voice', 'Select Voice']);
    const design = describeError(new ApiError({ kind: 'taskFailed', message: 'bad', code: 'invalid_parameters' }), { job: 'voiceDesign' })!;
    assert.match(design.message, /could not design the voice/);
    assert.ok(titles('network').includes('Retry'));
    assert.ok(titles('network').includes('Show Log'));
    const credits = describeError(new ApiError({ kind: 'credits', message: 'x', code: 'token_daily_quota_exceeded' }))!;
    assert.match(credits.message, /daily/);
  });
});

describe('error message punctuation', () => {
  it('never doubles punctuation around a detail from the service', () => {
    for (const kind of KINDS) {
      for (const message of ['Invalid or expired token.', 'Invalid or expired token', 'Bad thing!', 'Is it?']) {
        const m = describeError(new ApiError({ kind, message, status: 400, param: 'voice' }), { voice: 'v' })!;
        assert.doesNotMatch(m.message, /[.!?]\)?[.!?]|[.!?]\)[.]|\.\s*\(/, `${kind}: ${m.message}`);
        assert.match(m.message, /[.!?]$/, `${kind} ends as a sentence: ${m.message}`);
      }
    }
    assert.equal(describeError(new ApiError({ kind: 'auth', message: 'Invalid or expired token.' }))!.message,
      'Evolink did not accept the API key (Invalid or expired token). Set a valid key.');
  });
});

describe('setup problems', () => {
  const JOBS: SetupJob[] = ['speech', 'saveAudio', 'voiceDesign', 'connection'];
  const PROBLEMS: SetupProblem[] = [{ kind: 'baseUrl', reason: 'The Evolink base URL must use https' }, { kind: 'noKey' }, { kind: 'noVoice' }];

  it('each problem has one set of buttons in every command, and words that differ only in the job', () => {
    for (const p of PROBLEMS) {
      const shown = JOBS.map((j) => describeSetupProblem(p, j));
      for (const m of shown) assert.deepEqual(m.actions, shown[0].actions, p.kind);
      const generic = shown.map((m) => m.message.replace(/read aloud|save audio|design a voice|check the connection/, 'JOB'));
      assert.equal(new Set(generic).size, 1, `${p.kind}: ${generic.join(' | ')}`);
    }
  });

  it('says what fixes it', () => {
    const base = describeSetupProblem(PROBLEMS[0], 'speech');
    assert.match(base.message, /^The Evolink base URL must use https\. Change evolinkTts\.baseUrl/);
    assert.deepEqual(base.actions, [{ title: 'Open Settings', kind: 'openSettings', setting: 'baseUrl' }]);
    const key = describeSetupProblem({ kind: 'noKey' }, 'saveAudio');
    assert.equal(key.message, 'Set your Evolink API key to save audio.');
    assert.deepEqual(key.actions, [{ title: 'Set API Key', kind: 'setApiKey', thenRetry: true }]);
    const voice = describeSetupProblem({ kind: 'noVoice', language: 'Chinese' }, 'speech');
    assert.deepEqual(voice.actions.map((a) => a.title), ['Design a Voice', 'Select Voice']);
    assert.match(voice.message, /No voice is set for Chinese text/);
  });
});
