/**
 * The viewer's host side of "Why was this rejected?": answers the details dialog's `explain` requests
 * with the explanation (posting `loading` first: reading the network can take a few seconds), and
 * opens a record's details with its explanation when a row's context menu asks.
 */
import type * as vscode from 'vscode';
import type { WhyAnswer } from '../why/answer';
import { parseWhyRequest, type WhyHostMessage } from './whyProtocol';

/** What the viewer needs from "why": given by `extension.ts`, absent when the area is not there. */
export interface ViewerWhy {
  explain(record: Readonly<Record<string, string>>): Promise<WhyAnswer>;
  /** A failure in words a person can act on (a denied permission names the one to add). */
  failure(error: unknown): string;
}

/**
 * Handles the message when it is an `explain` request; false for every other message (the
 * controller's). The answer goes to the webview that asked; the viewer keeps working if it fails.
 */
export function receiveWhy(raw: unknown, webview: vscode.Webview, why: ViewerWhy | undefined, log: (message: string) => void): boolean {
  const request = parseWhyRequest(raw);
  if (!request) {
    return false;
  }
  const post = (message: WhyHostMessage): void => void webview.postMessage(message);
  if (!why) {
    post({ type: 'explanation', id: request.id, state: 'error', message: 'Explaining records needs AWS access, which this window does not have.' });
    return true;
  }
  post({ type: 'explanation', id: request.id, state: 'loading' });
  why.explain(request.record).then(
    (answer) => post({ type: 'explanation', id: request.id, state: 'answer', answer }),
    (error: unknown) => {
      const message = why.failure(error);
      log(`Why was this rejected? ${message}`);
      post({ type: 'explanation', id: request.id, state: 'error', message });
    },
  );
  return true;
}

/** Asks a viewer webview to open a record's details and explain it (from the row's context menu). */
export function explainInWebview(webview: vscode.Webview, recordId: number): void {
  const message: WhyHostMessage = { type: 'explainRecord', id: recordId };
  void webview.postMessage(message);
}
