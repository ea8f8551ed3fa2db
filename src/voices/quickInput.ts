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
  return new Promise<StepResult<string>>((resolve) => {
    let settled = false;
    const finish = (r: StepResult<string>) => {
      if (settled) return;
      settled = true;
      for (const d of subs) d.dispose();
      box.dispose();
      resolve(r);
    };
    const subs = [
      box.onDidChangeValue(check),
      box.onDidAccept(() => {
        const problem = o.validate(box.value);
        box.validationMessage = problem;
        if (!problem) finish(box.value);
      }),
      box.onDidTriggerButton((b) => { if (b === vscode.QuickInputButtons.Back) finish(BACK); }),
      box.onDidHide(() => finish(undefined)),
    ];
    box.show();
  });
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
  return new Promise<StepResult<T>>((resolve) => {
    let settled = false;
    const finish = (r: StepResult<T>) => {
      if (settled) return;
      settled = true;
      for (const d of subs) d.dispose();
      pick.dispose();
      resolve(r);
    };
    const subs = [
      pick.onDidAccept(() => { if (pick.selectedItems[0]) finish(pick.selectedItems[0]); }),
      pick.onDidTriggerButton((b) => { if (b === vscode.QuickInputButtons.Back) finish(BACK); }),
      pick.onDidHide(() => finish(undefined)),
    ];
    pick.show();
  });
}
