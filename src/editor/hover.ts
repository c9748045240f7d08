import * as vscode from 'vscode';
import { awsRangeLabel, type AwsIpRanges } from '../flowlogs/awsRanges';
import type { DocumentFormats } from './documentFormats';
import { EXPLAIN_COMMANDS } from '../why/register';
import { flowLogHover, SET_FORMAT_COMMAND } from './hoverContent';

/** "Why was this rejected?" (src/why), which takes `{ record }`. */
const EXPLAIN_RECORD_COMMAND = EXPLAIN_COMMANDS.rejected;

/** Names the field of the value under the cursor, explains it and decodes the value (see hoverContent.ts). */
export class FlowLogHoverProvider implements vscode.HoverProvider {
  /**
   * @param awsRanges AWS's IP ranges once read (or undefined when the user never fetched them): public
   *   addresses are named with their AWS service and region.
   */
  constructor(
    private readonly formats: DocumentFormats,
    private readonly awsRanges?: () => Promise<AwsIpRanges | undefined> | undefined,
  ) {}

  async provideHover(document: vscode.TextDocument, position: vscode.Position): Promise<vscode.Hover | undefined> {
    const line = document.lineAt(position.line).text;
    const ranges = await this.awsRanges?.();
    const hover = flowLogHover(line, position.line, position.character, this.formats.resolve(document), {
      documentUri: document.uri.toString(),
      explainCommand: EXPLAIN_RECORD_COMMAND,
      ...(ranges ? { awsRange: (address: string) => awsRangeText(ranges, address) } : {}),
    });
    if (!hover) {
      return undefined;
    }
    const markdown = new vscode.MarkdownString(hover.markdown, true);
    // The only links in a hover are "set the format of this file" and a REJECT's "why"; nothing else may run from it.
    markdown.isTrusted = { enabledCommands: [SET_FORMAT_COMMAND, EXPLAIN_RECORD_COMMAND] };
    return new vscode.Hover(markdown, new vscode.Range(position.line, hover.start, position.line, hover.end));
  }
}

/** "AMAZON, us-west-2 (52.94.16.0/20 in AWS's IP ranges of 2024-11-27)" for an AWS address. */
function awsRangeText(ranges: AwsIpRanges, address: string): string | undefined {
  const range = ranges.lookup(address);
  return range ? `${awsRangeLabel(range)} (${range.prefix} in AWS's IP ranges of ${ranges.date})` : undefined;
}
