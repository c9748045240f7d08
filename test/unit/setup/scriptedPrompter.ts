// A Prompter that answers from a script, for unit tests and for the integration tests (which run the
// real commands in the extension host, where modal dialogs cannot be clicked). Every question and
// message is recorded for assertions.
import {
  BACK,
  isSeparator,
  type Back,
  type Choice,
  type ConfirmRequest,
  type InputStep,
  type Notice,
  type PickItem,
  type PickStep,
  type Prompter,
} from '../../../src/setup/prompter';

/**
 * One scripted answer. Picks: a label (exact, or without a leading `$(icon) `), `{ value }` compared
 * with deep equality, or a function choosing among the choices. Pick-many: an array of labels. Inputs:
 * the text. Confirmations: a boolean. Notices: the button to press (undefined: dismiss). `BACK` presses
 * Back; `CANCEL` dismisses.
 */
export type Answer = string | string[] | boolean | Back | typeof CANCEL | { value: unknown } | ((choices: Choice<unknown>[]) => Choice<unknown> | undefined);

export { BACK };

/** Dismisses a step (Escape). */
export const CANCEL: unique symbol = Symbol('cancel');

/** One question or message as the prompter saw it. */
export interface Asked {
  readonly id: string;
  readonly kind: 'pick' | 'pickMany' | 'input' | 'confirm' | 'notify';
  readonly title?: string;
  readonly step?: number;
  readonly totalSteps?: number;
  /** Labels of the choices (picks), separators as `-- title`. */
  readonly items?: string[];
  /** The text of inputs, confirmations and notices. */
  readonly message?: string;
  readonly detail?: string;
  readonly actions?: readonly string[];
  readonly noticeKind?: Notice['kind'];
  /** Validation messages an input showed before an answer was accepted. */
  readonly rejected?: string[];
}

function deepEqual(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

function stripIcon(label: string): string {
  return label.replace(/^\$\([^)]*\)\s*/, '');
}

export class ScriptedPrompter implements Prompter {
  readonly asked: Asked[] = [];
  private readonly queues = new Map<string, Answer[]>();

  /** `script` maps step ids to an answer, or to an array of answers given in turn (wrap a pick-many answer: `[['a', 'b']]`). */
  constructor(script: Record<string, Answer | Answer[]> = {}) {
    for (const [id, answer] of Object.entries(script)) {
      this.queues.set(id, Array.isArray(answer) ? [...(answer as Answer[])] : [answer]);
    }
  }

  /** Adds answers for a step (after those already queued). */
  answer(id: string, ...answers: Answer[]): this {
    this.queues.set(id, [...(this.queues.get(id) ?? []), ...answers]);
    return this;
  }

  /** Everything recorded for one id. */
  of(id: string): Asked[] {
    return this.asked.filter((a) => a.id === id);
  }

  /** The notices shown, in order. */
  get notices(): Asked[] {
    return this.asked.filter((a) => a.kind === 'notify');
  }

  private next(id: string, required: boolean): Answer | undefined {
    const queue = this.queues.get(id);
    if (!queue || queue.length === 0) {
      if (required) {
        throw new Error(`ScriptedPrompter: no answer for "${id}" (asked so far: ${this.asked.map((a) => a.id).join(', ')})`);
      }
      return undefined;
    }
    return queue.shift();
  }

  private async choices<T>(step: PickStep<T>): Promise<{ all: readonly PickItem<T>[]; choices: Choice<T>[] }> {
    const all = await step.items;
    return { all, choices: all.filter((i): i is Choice<T> => !isSeparator(i)) };
  }

  private record<T>(kind: Asked['kind'], step: PickStep<T>, all: readonly PickItem<T>[]): void {
    this.asked.push({ id: step.id, kind, title: step.title, step: step.step, totalSteps: step.totalSteps, items: all.map((i) => (isSeparator(i) ? `-- ${i.separator}` : i.label)) });
  }

  private find<T>(choices: Choice<T>[], answer: Answer, id: string): Choice<T> {
    let found: Choice<T> | undefined;
    if (typeof answer === 'string') {
      found = choices.find((c) => c.label === answer) ?? choices.find((c) => stripIcon(c.label) === answer);
    } else if (typeof answer === 'function') {
      found = answer(choices) as Choice<T> | undefined;
    } else if (typeof answer === 'object' && answer !== null && 'value' in answer) {
      found = choices.find((c) => deepEqual(c.value, answer.value));
    }
    if (!found) {
      throw new Error(`ScriptedPrompter: "${id}" has no choice ${typeof answer === 'function' ? 'chosen by the function' : JSON.stringify(answer)}; choices: ${choices.map((c) => c.label).join(' | ')}`);
    }
    return found;
  }

  async pick<T>(step: PickStep<T>): Promise<T | Back | undefined> {
    const { all, choices } = await this.choices(step);
    this.record('pick', step, all);
    const answer = this.next(step.id, true)!;
    if (answer === BACK) {
      return BACK;
    }
    if (answer === CANCEL) {
      return undefined;
    }
    return this.find(choices, answer, step.id).value;
  }

  async pickMany<T>(step: PickStep<T>): Promise<T[] | Back | undefined> {
    const { all, choices } = await this.choices(step);
    this.record('pickMany', step, all);
    const answer = this.next(step.id, true)!;
    if (answer === BACK) {
      return BACK;
    }
    if (answer === CANCEL) {
      return undefined;
    }
    const labels = Array.isArray(answer) ? answer : [answer as string];
    return labels.map((label) => this.find(choices, label, step.id).value);
  }

  async input(step: InputStep): Promise<string | Back | undefined> {
    const rejected: string[] = [];
    this.asked.push({ id: step.id, kind: 'input', title: step.title, step: step.step, totalSteps: step.totalSteps, message: step.value, rejected });
    for (;;) {
      const answer = this.next(step.id, true)!;
      if (answer === BACK) {
        return BACK;
      }
      if (answer === CANCEL) {
        return undefined;
      }
      if (typeof answer !== 'string') {
        throw new Error(`ScriptedPrompter: "${step.id}" expects text, got ${JSON.stringify(answer)}`);
      }
      const value = answer;
      const problem = step.validate?.(value) ?? (step.check ? await step.check(value) : undefined);
      if (problem === undefined) {
        return value;
      }
      rejected.push(problem);
    }
  }

  confirm(request: ConfirmRequest): Promise<boolean> {
    this.asked.push({ id: request.id, kind: 'confirm', message: request.message, detail: request.detail, actions: [request.confirmLabel] });
    const answer = this.next(request.id, true);
    return Promise.resolve(answer === true);
  }

  notify(notice: Notice): Promise<string | undefined> {
    this.asked.push({ id: notice.id, kind: 'notify', message: notice.message, actions: notice.actions, noticeKind: notice.kind });
    const answer = this.next(notice.id, false);
    return Promise.resolve(typeof answer === 'string' ? answer : undefined);
  }
}
