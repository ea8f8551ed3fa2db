// Opens the Get Started walkthrough (set the key, design a voice, speak a selection).
import * as vscode from 'vscode';
import { WALKTHROUGH } from '../constants';

export const getStarted = () => (): Thenable<unknown> =>
  vscode.commands.executeCommand('workbench.action.openWalkthrough', WALKTHROUGH, false);
