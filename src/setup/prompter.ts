/**
 * The interaction layer of the setup commands, kept behind an interface: VS Code's quick picks and
 * modal dialogs in the extension (./vscodePrompter.ts), scripted answers in tests (a modal cannot be
 * clicked from inside the extension host). Also the multi-step runner with Back, after the
 * vscode-extension-samples quickinput-sample `multiStepInput.ts`.
 *
 * Pure: no `vscode` at run time.
 */

/** Answered by a step when the user presses the Back button. */
export const BACK: unique symbol = Symbol('back');
export type Back = typeof BACK;

/** One choice of a pick step. */
export interface Choice<T> {
  readonly label: string;
  readonly description?: string;
  readonly detail?: string;
  readonly value: T;
  /** Pre-selected (pick-many steps). */
  readonly picked?: boolean;
}

/** A titled separator between groups of choices. */
export interface Separator {
  readonly separator: string;
}

export type PickItem<T> = Choice<T> | Separator;

/** True for separators. */
export function isSeparator<T>(item: PickItem<T>): item is Separator {
  return 'separator' in item;
}

/** What every step shows. */
export interface StepBase {
  /** Stable id tests answer by, e.g. `createFlowLog.traffic`. */
  readonly id: string;
  readonly title: string;
  /** Position in a multi-step flow (1-based) and its length; the runner fills these in. */
  readonly step?: number;
  readonly totalSteps?: number;
  readonly placeholder?: string;
}

/** Choose one (or, with `pickMany`, several) of a list that may still be loading. */
export interface PickStep<T> extends StepBase {
  readonly items: readonly PickItem<T>[] | Promise<readonly PickItem<T>[]>;
  /** The value to highlight first (e.g. the previous answer after Back). */
  readonly active?: T;
}

/** Type a value. */
export interface InputStep extends StepBase {
  readonly prompt: string;
  readonly value?: string;
  /** A message saying what is wrong with the value as typed, or undefined when it is fine (local checks). */
  readonly validate?: (value: string) => string | undefined;
  /** A further check on Enter that may ask AWS (e.g. whether a name is taken); same answer as `validate`. */
  readonly check?: (value: string) => Promise<string | undefined>;
}

/** A modal question before something is created, deleted or billed. */
export interface ConfirmRequest {
  readonly id: string;
  readonly message: string;
  /** Everything that will happen, in full (shown under the message). */
  readonly detail: string;
  /** The button that goes ahead, e.g. "Create Role". Cancel is always offered. */
  readonly confirmLabel: string;
}

/** A non-modal message, optionally with buttons; resolves to the button chosen. */
export interface Notice {
  readonly id: string;
  readonly kind: 'info' | 'warning' | 'error';
  readonly message: string;
  readonly actions?: readonly string[];
}

/** How the setup commands ask and tell. Each method resolves `undefined` when the user dismisses it. */
export interface Prompter {
  pick<T>(step: PickStep<T>): Promise<T | Back | undefined>;
  pickMany<T>(step: PickStep<T>): Promise<T[] | Back | undefined>;
  input(step: InputStep): Promise<string | Back | undefined>;
  /** Modal; true only when the confirm button was chosen. */
  confirm(request: ConfirmRequest): Promise<boolean>;
  notify(notice: Notice): Promise<string | undefined>;
}

class BackSignal extends Error {}
class CancelSignal extends Error {}

/**
 * The prompter as one step of a flow sees it: answers come back as plain values; Back and cancel
 * unwind to the runner (`runSteps`), which re-runs the previous step or stops.
 */
export class FlowInput {
  /** Set by the runner before each step. */
  step = 1;

  constructor(private readonly prompter: Prompter) {}

  async pick<T>(step: Omit<PickStep<T>, 'step' | 'totalSteps'>): Promise<T> {
    return this.unwrap(await this.prompter.pick({ ...step, step: this.step }));
  }

  async pickMany<T>(step: Omit<PickStep<T>, 'step' | 'totalSteps'>): Promise<T[]> {
    return this.unwrap(await this.prompter.pickMany({ ...step, step: this.step }));
  }

  async input(step: Omit<InputStep, 'step' | 'totalSteps'>): Promise<string> {
    return this.unwrap(await this.prompter.input({ ...step, step: this.step }));
  }

  private unwrap<T>(answer: T | Back | undefined): T {
    if (answer === BACK) {
      throw new BackSignal();
    }
    if (answer === undefined) {
      throw new CancelSignal();
    }
    return answer;
  }
}

/** One step: asks, stores the answer in the state, and returns the next step (or nothing when done). */
export type Step<S> = (input: FlowInput, state: S) => Promise<Step<S> | undefined>;

/**
 * Runs steps from `first` until one returns no next step. Back re-runs the previous step (the state
 * keeps earlier answers, so steps can offer them again); cancelling at any step returns false.
 * Steps are numbered without a total: answers add steps (a new log group adds a name and a retention
 * step), and a total that changes from one step to the next ("1/6", then "5/8") misleads more than none.
 */
export async function runSteps<S>(prompter: Prompter, state: S, first: Step<S>): Promise<boolean> {
  const input = new FlowInput(prompter);
  const stack: Step<S>[] = [];
  let current: Step<S> | undefined = first;
  while (current) {
    input.step = stack.length + 1;
    try {
      const next: Step<S> | undefined = await current(input, state);
      stack.push(current);
      current = next;
    } catch (error) {
      if (error instanceof BackSignal) {
        current = stack.pop() ?? current;
      } else if (error instanceof CancelSignal) {
        return false;
      } else {
        throw error;
      }
    }
  }
  return true;
}
