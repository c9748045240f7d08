/**
 * Answers the integration tests' probes (see `ProbeAction` in the protocol): they run in the extension
 * host and see the real webview DOM only through these messages. Enabled only when the host says so.
 */
import type { ProbeAction, ProbedElement } from './types';

/** Performs a probe action on the document; throws when the selector matches nothing where it must. */
export function runProbe(action: ProbeAction): unknown {
  const first = (): HTMLElement => {
    const element = document.querySelector<HTMLElement>(action.selector);
    if (!element) {
      throw new Error(`no element matches ${action.selector}`);
    }
    return element;
  };
  switch (action.kind) {
    case 'query':
      return [...document.querySelectorAll<HTMLElement>(action.selector)].slice(0, 500).map(
        (e): ProbedElement => ({
          tag: e.tagName.toLowerCase(),
          className: e.className,
          text: e.textContent ?? '',
          attributes: Object.fromEntries([...e.attributes].filter((a) => a.name !== 'class').map((a) => [a.name, a.value])),
          children: e.children.length,
        }),
      );
    case 'style':
      return getComputedStyle(first()).getPropertyValue(action.property);
    case 'input': {
      const input = first() as HTMLInputElement;
      input.value = action.value;
      input.dispatchEvent(new Event('input', { bubbles: true }));
      return true;
    }
    case 'click':
      first().click();
      return true;
    case 'key': {
      const target = first();
      target.focus();
      target.dispatchEvent(new KeyboardEvent('keydown', { key: action.key, bubbles: true, cancelable: true }));
      return true;
    }
    default: {
      const never: never = action;
      return never;
    }
  }
}

/** The answer to a probe message, posted back as `probeResult` (an error becomes `ok: false` with its message). */
export function probeAnswer(id: number, action: ProbeAction): { type: 'probeResult'; id: number; ok: boolean; value: unknown } {
  try {
    return { type: 'probeResult', id, ok: true, value: runProbe(action) };
  } catch (error) {
    return { type: 'probeResult', id, ok: false, value: error instanceof Error ? error.message : String(error) };
  }
}
