// Every id the extension contributes or reads, in one place. Tests and package.json use the same values
// (test/unit/packageJson.test.ts checks that they cannot drift).

export const EXTENSION_ID = 'evolink-tts.evolink-tts';
export const CONFIG_SECTION = 'evolinkTts';

export const Commands = {
  setApiKey: 'evolinkTts.setApiKey',
  clearApiKey: 'evolinkTts.clearApiKey',
  speakSelection: 'evolinkTts.speakSelection',
  stop: 'evolinkTts.stop',
  showLog: 'evolinkTts.showLog',
  /** Focuses the player view (for "Start listening"). */
  showPlayer: 'evolinkTts.showPlayer',
  /** Pauses or resumes the clip that is playing (the player's Pause button runs it too). */
  pauseResume: 'evolinkTts.pauseResume',
} as const;
export type CommandId = (typeof Commands)[keyof typeof Commands];

export const ContextKeys = {
  /** True while anything Stop can end is running. */
  speaking: 'evolinkTts.speaking',
} as const;

export const Views = {
  container: 'evolinkTts',
  player: 'evolinkTts.player',
} as const;

/** SecretStorage key of the API key. */
export const SECRET_API_KEY = 'evolinkTts.apiKey';

export const STATUS_BAR_ID = 'evolinkTts.status';
export const LOG_CHANNEL_NAME = 'Evolink TTS';
