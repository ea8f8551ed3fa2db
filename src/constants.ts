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
  /** Reads the whole active document, following along in the editor. */
  speakDocument: 'evolinkTts.speakDocument',
  /** Reads from the sentence at the cursor to the end of the document. */
  speakFromCursor: 'evolinkTts.speakFromCursor',
  /** Reads from the word at the cursor, reusing audio already fetched or cached for its part. */
  readFromHere: 'evolinkTts.readFromHere',
  previousSentence: 'evolinkTts.previousSentence',
  nextSentence: 'evolinkTts.nextSentence',
  repeatSentence: 'evolinkTts.repeatSentence',
  faster: 'evolinkTts.faster',
  slower: 'evolinkTts.slower',
  /** Quick pick of playback speeds. */
  playbackSpeed: 'evolinkTts.playbackSpeed',
  /** Saves the selection or the document as one WAV file. */
  saveAudio: 'evolinkTts.saveAudio',
  /** Guided design of a new voice on Evolink (preview, then "Use as Default"). */
  designVoice: 'evolinkTts.designVoice',
  /** Quick pick of the voices in the extension's list; writes evolinkTts.voice at the scope picked. */
  selectVoice: 'evolinkTts.selectVoice',
  /** Opens the Get Started walkthrough. */
  getStarted: 'evolinkTts.getStarted',
  /** Asks Evolink for the credits with the stored key and says what worked (costs nothing). */
  checkConnection: 'evolinkTts.checkConnection',
  /** Scrolls back to the sentence being read and follows the voice again (after the user scrolled away). */
  backToReading: 'evolinkTts.backToReading',
  /** Reads the active document from where its last reading stopped. */
  continueReading: 'evolinkTts.continueReading',
  /** Forgets where the reading of every document stopped. */
  forgetReadingPositions: 'evolinkTts.forgetReadingPositions',
  /** Moves reading by paragraph or by heading (Markdown headings; elsewhere, paragraphs). */
  nextParagraph: 'evolinkTts.nextParagraph',
  previousParagraph: 'evolinkTts.previousParagraph',
  nextHeading: 'evolinkTts.nextHeading',
  previousHeading: 'evolinkTts.previousHeading',
  /** Reads the section at the cursor: its heading to the next heading of the same or higher level. */
  readSection: 'evolinkTts.readSection',
} as const;
export type CommandId = (typeof Commands)[keyof typeof Commands];

export const ContextKeys = {
  /** True while anything Stop can end is running. */
  speaking: 'evolinkTts.speaking',
  /** True while reading and the editor stopped following the voice (the user scrolled or moved away). */
  followYielded: 'evolinkTts.followYielded',
  /** True when the active editor's document has a reading position to continue from. */
  canContinue: 'evolinkTts.canContinueReading',
} as const;

export const Views = {
  container: 'evolinkTts',
  player: 'evolinkTts.player',
} as const;

/** The Get Started walkthrough (`publisher.name#id`, as workbench.action.openWalkthrough takes it). */
export const WALKTHROUGH_ID = 'getStarted';
export const WALKTHROUGH = `${EXTENSION_ID}#${WALKTHROUGH_ID}`;

/** SecretStorage key of the API key. */
export const SECRET_API_KEY = 'evolinkTts.apiKey';

export const STATUS_BAR_ID = 'evolinkTts.status';
export const LOG_CHANNEL_NAME = 'Evolink TTS';
