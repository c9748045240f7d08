import * as vscode from 'vscode';
import { DEFAULT_FORMAT, FIELDS, formatString, parseFormat } from '../flowlogs';
import { leadingLines } from './codeActions';
import type { DocumentFormats } from './documentFormats';
import { fittingFormats, formatSummary } from '../flowlogs/formatFit';
import { SET_FORMAT_COMMAND } from './hoverContent';
import { SOURCE_LABELS, type DocumentFormat } from './formatResolution';

type Choice = 'automatic' | 'default' | 'custom' | 'pick' | 'fits';

interface ChoiceItem extends vscode.QuickPickItem {
  readonly choice: Choice;
  /** For `fits`: the format. */
  readonly format?: string;
}

/** Undefined when the format is usable, else what is wrong with it (for the input box). */
function validate(format: string): string | undefined {
  try {
    parseFormat(format);
    return undefined;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
}

async function documentFor(target: unknown): Promise<vscode.TextDocument | undefined> {
  const uri = target instanceof vscode.Uri ? target : typeof target === 'string' && target !== '' ? vscode.Uri.parse(target, true) : undefined;
  if (!uri) {
    return vscode.window.activeTextEditor?.document;
  }
  return vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString()) ?? vscode.workspace.openTextDocument(uri);
}

/** Asks for a `${field} ...` string, starting from `initial`; undefined when cancelled. */
function askFormat(initial: string, prompt: string): Thenable<string | undefined> {
  return vscode.window.showInputBox({
    title: 'Flow log format of this file',
    prompt,
    value: initial,
    placeHolder: '${version} ${account-id} ${interface-id} ...',
    ignoreFocusOut: true,
    validateInput: validate,
  });
}

/** Lets the user pick fields (the current ones ticked), then check their order; undefined when cancelled. */
async function pickFields(current: DocumentFormat): Promise<string | undefined> {
  const picked = await vscode.window.showQuickPick(
    FIELDS.map((f) => ({ label: f.name, description: `${f.title} · v${f.version}`, detail: f.description, picked: current.fields.includes(f.name) })),
    { title: 'Fields of these records', placeHolder: 'Tick the fields the flow log writes', canPickMany: true, matchOnDescription: true, ignoreFocusOut: true },
  );
  if (!picked || picked.length === 0) {
    return undefined;
  }
  // Keep the current order for fields already in the format; new ones follow in catalogue order.
  const names = picked.map((p) => p.label);
  const ordered = [...current.fields.filter((f) => names.includes(f)), ...names.filter((n) => !current.fields.includes(n))];
  return askFormat(formatString(ordered), 'Put the fields in the order the records have them (the order of the flow log\'s format)');
}

/**
 * Runs "Set Document Format": asks how the fields of a document's records are named (automatic,
 * the default format, a `${field} ...` string, or a field picker) and remembers it for the file.
 * Called with a format (second argument) it sets it without asking; `''` returns to automatic.
 */
export async function setDocumentFormat(formats: DocumentFormats, target?: unknown, format?: unknown): Promise<void> {
  const document = await documentFor(target);
  if (!document) {
    void vscode.window.showInformationMessage('Open a flow log file first, then set its format.');
    return;
  }
  if (typeof format === 'string') {
    const problem = format === '' ? undefined : validate(format);
    if (problem) {
      throw new Error(`Setting the flow log format failed: ${problem}`);
    }
    await formats.choose(document.uri, format === '' ? undefined : format);
    return;
  }

  const current = formats.resolve(document);
  const fitting: ChoiceItem[] = fittingFormats(leadingLines(document))
    .filter((f) => f !== formatString(current.fields))
    .map((f) => ({ choice: 'fits', format: f, label: '$(sparkle) Fits these records', description: formatSummary(f), detail: f }));
  const items: ChoiceItem[] = [
    ...fitting,
    {
      choice: 'automatic',
      label: 'Automatic',
      description: current.headerLine !== undefined ? "the file's header line" : 'the default format, as the file has no header line',
      detail: 'Use the S3 header line when the file starts with one, otherwise the default format',
    },
    { choice: 'default', label: 'Default format', description: 'version 2, 14 fields', detail: DEFAULT_FORMAT },
    { choice: 'custom', label: 'Custom format…', description: 'a ${field} string or header names', detail: "Paste the flow log's LogFormat, as DescribeFlowLogs or the console shows it, or an S3 export's header line" },
    { choice: 'pick', label: 'Pick fields…', description: 'tick fields, then order them', detail: 'Choose from all flow log fields, versions 2 to 10' },
  ];
  const active = current.source === 'chosen' ? (current.format === DEFAULT_FORMAT ? 'default' : 'custom') : 'automatic';
  const chosen = await vscode.window.showQuickPick(
    items.map((item) => (item.choice === active ? { ...item, label: `$(check) ${item.label}` } : item)),
    {
      title: `Format of ${document.uri.path.split('/').pop() ?? 'this file'}`,
      placeHolder: `Now: fields from ${SOURCE_LABELS[current.source]} (${current.fields.length} fields)`,
      matchOnDetail: true,
    },
  );
  switch (chosen?.choice) {
    case undefined:
      return;
    case 'automatic':
      await formats.choose(document.uri, undefined);
      return;
    case 'default':
      await formats.choose(document.uri, DEFAULT_FORMAT);
      return;
    case 'fits':
      await formats.choose(document.uri, chosen.format);
      return;
    case 'custom': {
      const typed = await askFormat(
        formatString(current.fields),
        "The fields of these records: the flow log's LogFormat (${version} ${vpc-id} ...) or the names of an S3 header line",
      );
      if (typed !== undefined) {
        await formats.choose(document.uri, typed.trim());
      }
      return;
    }
    case 'pick': {
      const typed = await pickFields(current);
      if (typed !== undefined) {
        await formats.choose(document.uri, typed.trim());
      }
      return;
    }
  }
}

/** Registers the command "Set Document Format". */
export function registerSetDocumentFormat(context: vscode.ExtensionContext, formats: DocumentFormats): void {
  context.subscriptions.push(
    vscode.commands.registerCommand(SET_FORMAT_COMMAND, (target?: unknown, format?: unknown) => setDocumentFormat(formats, target, format)),
  );
}
