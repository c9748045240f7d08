/**
 * A tiny element builder. Text is always set with text nodes, never parsed as markup: flow log lines
 * can contain anything, including `<script>`.
 */

type Child = Node | string | null | undefined | false;

export interface ElementProps {
  readonly className?: string;
  readonly title?: string;
  readonly text?: string;
  readonly attrs?: Readonly<Record<string, string>>;
  readonly dataset?: Readonly<Record<string, string>>;
}

/** Creates an element with properties and children (strings become text nodes). */
export function el<K extends keyof HTMLElementTagNameMap>(tag: K, props: ElementProps = {}, ...children: Child[]): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  if (props.className) {
    element.className = props.className;
  }
  if (props.title) {
    element.title = props.title;
  }
  if (props.text !== undefined) {
    element.textContent = props.text;
  }
  for (const [name, value] of Object.entries(props.attrs ?? {})) {
    element.setAttribute(name, value);
  }
  for (const [name, value] of Object.entries(props.dataset ?? {})) {
    element.dataset[name] = value;
  }
  for (const child of children) {
    if (child !== null && child !== undefined && child !== false) {
      element.append(typeof child === 'string' ? document.createTextNode(child) : child);
    }
  }
  return element;
}

/** A codicon glyph (decorative: hidden from screen readers, the text beside it carries the meaning). */
export function icon(name: string, className = ''): HTMLSpanElement {
  return el('span', { className: `codicon codicon-${name} ${className}`.trim(), attrs: { 'aria-hidden': 'true' } });
}

/** A toolbar button with a codicon and an optional visible label. */
export function button(iconName: string, label: string, options: { title?: string; showLabel?: boolean; className?: string } = {}): HTMLButtonElement {
  const b = el(
    'button',
    { className: `btn ${options.className ?? ''}`.trim(), title: options.title ?? label, attrs: { type: 'button', 'aria-label': options.title ?? label } },
    icon(iconName),
    options.showLabel ? el('span', { className: 'btn-label', text: label }) : null,
  );
  return b;
}

/** Removes every child of an element. */
export function clear(element: Element): void {
  element.replaceChildren();
}
