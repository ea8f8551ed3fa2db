// Every command, once: extension.ts registers this table in one loop.
import * as vscode from 'vscode';
import { Commands, type CommandId } from '../constants';
import { checkConnection } from './checkConnection';
import { clearApiKey } from './clearApiKey';
import { faster, nextSentence, playbackSpeed, previousSentence, repeatSentence, slower } from './controls';
import { designVoice } from './designVoice';
import { getStarted } from './getStarted';
import { backToReading, pauseResume, showLog, showPlayer, stop } from './misc';
import type { Services } from './services';
import { saveAudio } from './saveAudio';
import { setApiKey } from './setApiKey';
import { selectVoice } from './selectVoice';
import { continueReading, forgetReadingPositions, nextHeading, nextParagraph, previousHeading, previousParagraph, readSection } from './sessions';
import { speakDocument } from './speakDocument';
import { speakFromCursor } from './speakFromCursor';
import { readFromHere } from './readFromHere';
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
  [Commands.speakDocument]: speakDocument,
  [Commands.speakFromCursor]: speakFromCursor,
  [Commands.readFromHere]: readFromHere,
  [Commands.previousSentence]: previousSentence,
  [Commands.nextSentence]: nextSentence,
  [Commands.repeatSentence]: repeatSentence,
  [Commands.faster]: faster,
  [Commands.slower]: slower,
  [Commands.playbackSpeed]: playbackSpeed,
  [Commands.saveAudio]: saveAudio,
  [Commands.designVoice]: designVoice,
  [Commands.selectVoice]: selectVoice,
  [Commands.getStarted]: getStarted,
  [Commands.checkConnection]: checkConnection,
  [Commands.backToReading]: backToReading,
  [Commands.continueReading]: continueReading,
  [Commands.forgetReadingPositions]: forgetReadingPositions,
  [Commands.nextParagraph]: nextParagraph,
  [Commands.previousParagraph]: previousParagraph,
  [Commands.nextHeading]: nextHeading,
  [Commands.previousHeading]: previousHeading,
  [Commands.readSection]: readSection,
};

/** Commands that start something new: a failure still shown on the status bar is put to rest first. */
export const NEW_ACTIONS: ReadonlySet<CommandId> = new Set<CommandId>([
  Commands.setApiKey, Commands.clearApiKey, Commands.saveAudio, Commands.designVoice, Commands.selectVoice, Commands.getStarted, Commands.checkConnection,
]);

/** Registers every command; the ones in NEW_ACTIONS first put a failure still on the status bar to rest. */
export function registerCommands(s: Services): vscode.Disposable[] {
  return (Object.entries(COMMANDS) as [CommandId, (typeof COMMANDS)[CommandId]][]).map(([id, make]) => {
    const body = make(s);
    const command = NEW_ACTIONS.has(id) ? (...args: never[]) => { s.reader.acknowledgeFailure(); return body(...args); } : body;
    return vscode.commands.registerCommand(id, command);
  });
}
