/**
 * The answer to "Why was this rejected?" inside the record's details: the verdict, the evaluator's
 * sentence, the deciding rules, and the change that would let the flow through (the AWS CLI command and
 * the console's words, with a warning when it opens more than the record needs). Text only: every value
 * from the record or from AWS is set as DOM text.
 */
import { el, icon } from '../../webviewKit';
import type { WhyHostMessage } from '../whyProtocol';

type Explanation = Extract<WhyHostMessage, { type: 'explanation' }>;

/** The question a record's action asks. */
export function whyQuestionOf(record: Readonly<Record<string, string>>): string {
  return record['action'] === 'ACCEPT' ? 'Why was this allowed?' : 'Why was this rejected?';
}

export function renderWhy(container: HTMLElement, message: Explanation, question: string): void {
  const heading = el('h3', { className: 'why-question', text: question });
  if (message.state === 'loading') {
    container.replaceChildren(heading, el('p', { className: 'why-loading' }, icon('loading', 'codicon-modifier-spin'), el('span', { text: ' Reading security groups, network ACLs and routes…' })));
    return;
  }
  if (message.state === 'error' || !message.answer) {
    container.replaceChildren(heading, el('p', { className: 'why-error' }, icon('error'), el('span', { text: ` ${message.message ?? 'The record could not be explained.'}` })));
    return;
  }
  const a = message.answer;
  const allowed = a.verdict === 'allowed';
  const parts: (HTMLElement | null)[] = [
    heading,
    el('p', { className: `why-headline ${allowed ? 'why-allowed' : 'why-blocked'}` }, icon(allowed ? 'pass' : 'circle-slash'), el('span', { text: ` ${a.headline}` })),
    el('p', { className: 'why-flow', text: a.flow }),
    el('p', { className: 'why-text', text: a.text }),
  ];
  if (a.rules.length) {
    parts.push(
      el('h4', { text: allowed ? 'The rules that let it through' : 'Deciding rule' + (a.rules.length > 1 ? 's' : '') }),
      el(
        'ul',
        { className: 'why-rules' },
        ...a.rules.map((r) =>
          el('li', { className: `why-rule why-${r.action}` }, el('span', { className: 'why-where', text: `${r.where}: ` }), el('code', { className: 'why-rule-text', text: r.rule })),
        ),
      ),
    );
  }
  if (a.fix) {
    parts.push(
      el('h4', { text: 'To allow it' }),
      el('p', { className: 'why-fix-summary', text: a.fix.summary }),
      el('pre', { className: 'why-command', text: a.fix.command }),
      el('p', { className: 'why-console' }, el('span', { className: 'why-label', text: 'In the console: ' }), el('span', { text: a.fix.console })),
      a.fix.warning ? el('p', { className: 'why-warning' }, icon('warning'), el('span', { text: ` ${a.fix.warning}` })) : null,
    );
  }
  for (const note of a.notes) {
    parts.push(el('p', { className: 'why-note', text: note }));
  }
  parts.push(el('p', { className: 'why-time', text: "These are today's rules; the record may be older than the last change to them." }));
  container.replaceChildren(...parts.filter((p): p is HTMLElement => p !== null));
}
