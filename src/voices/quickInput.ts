// Small promise wrappers over createInputBox / createQuickPick for multi-step flows: each step resolves to
// its value, BACK when the Back button was pressed, or undefined when the user dismissed it (Escape).
import * as vscode from 'vscode';

export const BACK = Symbol('back');
export type StepResult<T> = T | typeof BACK | undefined;

export interface StepPosition {
  title: string;
  step: number;
  totalSteps: number;
}

export interface InputStep extends StepPosition {
  prompt: string;
  placeholder?: string;
  value?: string;
  validate: (value: string) => string | undefined;
}

/**
 * Shows `input` and settles once: the first `finish(value)` disposes the listeners `wire` returned and the
 * widget, then resolves with `value` (or with what a promise passed to it resolves to); later calls do nothing.
 */
export function showUntilSettled<R>(
  input: vscode.QuickInput,
  wire: (finish: (r: R | PromiseLike<R>) => void) => vscode.Disposable[],
): Promise<R> {
  return new Promise<R>((resolve) => {
    let settled = false;
    let subs: vscode.Disposable[] = [];
    const finish = (r: R | PromiseLike<R>): void => {
      if (settled) return;
      settled = true;
      for (const d of subs) d.dispose();
      input.dispose();
      resolve(r);
    };
    subs = wire(finish);
    input.show();
  });
}

export function inputStep(o: InputStep): Promise<StepResult<string>> {
  const box = vscode.window.createInputBox();
  Object.assign(box, {
    title: o.title, step: o.step, totalSteps: o.totalSteps, prompt: o.prompt, placeholder: o.placeholder,
    value: o.value ?? '', ignoreFocusOut: true, buttons: o.step > 1 ? [vscode.QuickInputButtons.Back] : [],
  });
  const check = (v: string) => {
    box.validationMessage = v === '' ? undefined : o.validate(v);
  };
  check(box.value);
  return showUntilSettled<StepResult<string>>(box, (finish) => [
    box.onDidChangeValue(check),
    box.onDidAccept(() => {
      const problem = o.validate(box.value);
      box.validationMessage = problem;
      if (!problem) finish(box.value);
    }),
    box.onDidTriggerButton((b) => { if (b === vscode.QuickInputButtons.Back) finish(BACK); }),
    box.onDidHide(() => finish(undefined)),
  ]);
}

export interface PickStep<T extends vscode.QuickPickItem> extends StepPosition {
  placeholder: string;
  items: readonly T[];
  active?: T;
}

export function pickStep<T extends vscode.QuickPickItem>(o: PickStep<T>): Promise<StepResult<T>> {
  const pick = vscode.window.createQuickPick<T>();
  Object.assign(pick, {
    title: o.title, step: o.step, totalSteps: o.totalSteps, placeholder: o.placeholder, items: o.items,
    ignoreFocusOut: true, matchOnDescription: true, matchOnDetail: true,
    buttons: o.step > 1 ? [vscode.QuickInputButtons.Back] : [],
  });
  if (o.active) pick.activeItems = [o.active];
  return showUntilSettled<StepResult<T>>(pick, (finish) => [
    pick.onDidAccept(() => { if (pick.selectedItems[0]) finish(pick.selectedItems[0]); }),
    pick.onDidTriggerButton((b) => { if (b === vscode.QuickInputButtons.Back) finish(BACK); }),
    pick.onDidHide(() => finish(undefined)),
  ]);
}
