// Every command, once: extension.ts registers this table in one loop.
import { Commands, type CommandId } from '../constants';
import { clearApiKey } from './clearApiKey';
import { designVoice } from './designVoice';
import { getStarted } from './getStarted';
import { pauseResume, showLog, showPlayer, stop } from './misc';
import type { Services } from './services';
import { setApiKey } from './setApiKey';
import { selectVoice } from './selectVoice';
import { speakSelection } from './speakSelection';

export type { Services } from './services';

export const COMMANDS: { readonly [K in CommandId]: (s: Services) => (...args: never[]) => unknown } = {
  [Commands.setApiKey]: setApiKey,
  [Commands.clearApiKey]: clearApiKey,
  [Commands.speakSelection]: speakSelection,
  [Commands.stop]: stop,
  [Commands.showLog]: showLog,
  [Commands.showPlayer]: showPlayer,
  [Commands.pauseResume]: pauseResume,
  [Commands.designVoice]: designVoice,
  [Commands.selectVoice]: selectVoice,
  [Commands.getStarted]: getStarted,
};
