/**
 * The edge between the table and the summary panel: dragged with the pointer, moved with the arrow keys
 * (Enter hides the summary), double-clicked back to the default width. The width is kept by the page
 * (in its state) through the hooks.
 */
import { el } from '../../webviewKit';

/** Summary panel widths: the default, and the narrowest and widest a drag may make it. */
const SUMMARY_WIDTH = { initial: 340, min: 220, max: 900 } as const;
/** Pixels one arrow key moves the summary's edge (Page Up/Down: four times as far). */
const SUMMARY_STEP = 20;

/** How the edge reads and keeps the width, and hides the summary. */
export interface SummaryEdgeHooks {
  /** The width the user chose, if any. */
  width(): number | undefined;
  /** Keeps a new width (`remember`: save the page state now, at the end of a drag or a key). */
  setWidth(width: number, remember: boolean): void;
  close(): void;
}

export class SummaryEdge {
  readonly element = el('div', {
    className: 'splitter',
    title: 'Drag to resize the summary (or focus and use the arrow keys; Enter hides it)',
    attrs: { role: 'separator', 'aria-orientation': 'vertical', 'aria-label': 'Resize the summary', tabindex: '0', 'aria-controls': 'summary' },
  });

  constructor(
    private readonly main: HTMLElement,
    private readonly summary: HTMLElement,
    private readonly hooks: SummaryEdgeHooks,
  ) {
    this.listen();
  }

  /** The summary's width: the user's (kept within what the window allows), else the default. */
  width(): number {
    const room = Math.max(SUMMARY_WIDTH.min, this.main.clientWidth - 240);
    return Math.round(Math.max(SUMMARY_WIDTH.min, Math.min(this.hooks.width() ?? SUMMARY_WIDTH.initial, SUMMARY_WIDTH.max, room)));
  }

  /** Applies the width to the summary and tells assistive technology where the edge is. */
  show(): void {
    const width = this.width();
    this.summary.style.flexBasis = `${width}px`;
    this.element.setAttribute('aria-valuenow', String(width));
    this.element.setAttribute('aria-valuemin', String(SUMMARY_WIDTH.min));
    this.element.setAttribute('aria-valuemax', String(SUMMARY_WIDTH.max));
  }

  private resize(width: number, remember: boolean): void {
    this.hooks.setWidth(Math.round(Math.max(SUMMARY_WIDTH.min, Math.min(SUMMARY_WIDTH.max, width))), remember);
    this.show();
  }

  private listen(): void {
    const edge = this.element;
    edge.addEventListener('pointerdown', (e) => {
      if (e.button !== 0) {
        return;
      }
      e.preventDefault();
      edge.setPointerCapture(e.pointerId);
      edge.classList.add('dragging');
      const right = this.main.getBoundingClientRect().right;
      const move = (m: PointerEvent): void => this.resize(right - m.clientX, false);
      const up = (): void => {
        edge.classList.remove('dragging');
        edge.removeEventListener('pointermove', move);
        edge.removeEventListener('pointerup', up);
        edge.removeEventListener('pointercancel', up);
        // Saved once, at the end of the drag.
        this.hooks.setWidth(this.hooks.width() ?? SUMMARY_WIDTH.initial, true);
      };
      edge.addEventListener('pointermove', move);
      edge.addEventListener('pointerup', up);
      edge.addEventListener('pointercancel', up);
    });
    edge.addEventListener('dblclick', () => this.resize(SUMMARY_WIDTH.initial, true));
    edge.addEventListener('keydown', (e) => {
      const width = this.width();
      // The summary is on the right: moving its edge left makes it wider.
      const next: Partial<Record<string, number>> = {
        ArrowLeft: width + SUMMARY_STEP,
        ArrowRight: width - SUMMARY_STEP,
        PageUp: width + 4 * SUMMARY_STEP,
        PageDown: width - 4 * SUMMARY_STEP,
        Home: SUMMARY_WIDTH.max,
        End: SUMMARY_WIDTH.min,
      };
      if (e.key === 'Enter') {
        e.preventDefault();
        this.hooks.close();
      } else if (next[e.key] !== undefined) {
        e.preventDefault();
        this.resize(next[e.key]!, true);
      }
    });
    // A narrower window may leave less room than the width the user chose.
    new ResizeObserver(() => this.show()).observe(this.main);
  }
}
