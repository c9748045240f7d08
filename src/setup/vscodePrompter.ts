import * as vscode from 'vscode';
import { BACK, isSeparator, type Back, type ConfirmRequest, type InputStep, type Notice, type PickItem, type PickStep, type Prompter } from './prompter';

interface ValueItem<T> extends vscode.QuickPickItem {
  readonly value?: T;
}

function toItems<T>(items: readonly PickItem<T>[]): ValueItem<T>[] {
  return items.map((item) =>
    isSeparator(item)
      ? { label: item.separator, kind: vscode.QuickPickItemKind.Separator }
      : { label: item.label, description: item.description, detail: item.detail, picked: item.picked, value: item.value },
  );
}

/**
 * The Prompter with VS Code's own widgets: one quick pick or input box per step, with a Back button
 * from the second step on and `ignoreFocusOut` so a glance at another window does not lose the flow
 * (the quickinput-sample pattern); modal dialogs for confirmations; notifications for reports.
 */
export class VscodePrompter implements Prompter {
  pick<T>(step: PickStep<T>): Promise<T | Back | undefined> {
    return this.showPick(step, false).then((values) => (values === BACK || values === undefined ? values : values[0]));
  }

  pickMany<T>(step: PickStep<T>): Promise<T[] | Back | undefined> {
    return this.showPick(step, true);
  }

  private showPick<T>(step: PickStep<T>, many: boolean): Promise<T[] | Back | undefined> {
    const pick = vscode.window.createQuickPick<ValueItem<T>>();
    pick.title = step.title;
    pick.step = step.step;
    pick.totalSteps = step.totalSteps;
    pick.placeholder = step.placeholder;
    pick.ignoreFocusOut = true;
    pick.matchOnDescription = true;
    pick.matchOnDetail = true;
    pick.canSelectMany = many;
    pick.buttons = (step.step ?? 1) > 1 ? [vscode.QuickInputButtons.Back] : [];
    const disposables: vscode.Disposable[] = [pick];
    return new Promise<T[] | Back | undefined>((resolve, reject) => {
      disposables.push(
        pick.onDidTriggerButton((button) => {
          if (button === vscode.QuickInputButtons.Back) {
            resolve(BACK);
          }
        }),
        pick.onDidAccept(() => {
          const chosen = (many ? pick.selectedItems : pick.activeItems.slice(0, 1)).filter((i) => i.value !== undefined).map((i) => i.value as T);
          if (pick.busy || (!many && chosen.length === 0)) {
            return;
          }
          resolve(chosen);
        }),
        pick.onDidHide(() => resolve(undefined)),
      );
      pick.busy = true;
      pick.show();
      Promise.resolve(step.items).then(
        (items) => {
          const converted = toItems(items);
          pick.items = converted;
          if (many) {
            pick.selectedItems = converted.filter((i) => i.picked);
          } else if (step.active !== undefined) {
            const active = converted.find((i) => i.value === step.active);
            if (active) {
              pick.activeItems = [active];
            }
          }
          pick.busy = false;
        },
        (error: unknown) => reject(error instanceof Error ? error : new Error(String(error))),
      );
    }).finally(() => {
      for (const d of disposables) {
        d.dispose();
      }
    });
  }

  input(step: InputStep): Promise<string | Back | undefined> {
    const box = vscode.window.createInputBox();
    box.title = step.title;
    box.step = step.step;
    box.totalSteps = step.totalSteps;
    box.prompt = step.prompt;
    box.placeholder = step.placeholder;
    box.value = step.value ?? '';
    box.ignoreFocusOut = true;
    box.buttons = (step.step ?? 1) > 1 ? [vscode.QuickInputButtons.Back] : [];
    const disposables: vscode.Disposable[] = [box];
    const check = async (value: string): Promise<string | undefined> => step.validate?.(value) ?? (step.check ? step.check(value) : undefined);
    return new Promise<string | Back | undefined>((resolve) => {
      disposables.push(
        box.onDidTriggerButton((button) => {
          if (button === vscode.QuickInputButtons.Back) {
            resolve(BACK);
          }
        }),
        box.onDidChangeValue((value) => {
          // Only the local checks while typing; `check` (which may ask AWS) runs on Enter.
          box.validationMessage = step.validate?.(value);
        }),
        box.onDidAccept(() => {
          const value = box.value;
          box.busy = true;
          box.enabled = false;
          void check(value).then(
            (message) => {
              box.busy = false;
              box.enabled = true;
              box.validationMessage = message;
              if (message === undefined) {
                resolve(value);
              }
            },
            (error: unknown) => {
              box.busy = false;
              box.enabled = true;
              box.validationMessage = error instanceof Error ? error.message : String(error);
            },
          );
        }),
        box.onDidHide(() => resolve(undefined)),
      );
      box.show();
    }).finally(() => {
      for (const d of disposables) {
        d.dispose();
      }
    });
  }

  async confirm(request: ConfirmRequest): Promise<boolean> {
    const answer = await vscode.window.showWarningMessage(request.message, { modal: true, detail: request.detail }, request.confirmLabel);
    return answer === request.confirmLabel;
  }

  async notify(notice: Notice): Promise<string | undefined> {
    const actions = notice.actions ?? [];
    switch (notice.kind) {
      case 'error':
        return vscode.window.showErrorMessage(notice.message, ...actions);
      case 'warning':
        return vscode.window.showWarningMessage(notice.message, ...actions);
      default:
        return vscode.window.showInformationMessage(notice.message, ...actions);
    }
  }
}
