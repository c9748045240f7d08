import * as vscode from 'vscode';
import { awsRangeLabel, type AwsIpRanges } from '../flowlogs/awsRanges';
import type { DocumentFormats } from './documentFormats';
import { flowLogHover, SET_FORMAT_COMMAND } from './hoverContent';

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
      ...(ranges ? { awsRange: (address: string) => awsRangeText(ranges, address) } : {}),
    });
    if (!hover) {
      return undefined;
    }
    const markdown = new vscode.MarkdownString(hover.markdown, true);
    // The only link in a hover is "set the format of this file"; nothing else may run from it.
    markdown.isTrusted = { enabledCommands: [SET_FORMAT_COMMAND] };
    return new vscode.Hover(markdown, new vscode.Range(position.line, hover.start, position.line, hover.end));
  }
}

/** "AMAZON, us-west-2 (52.94.16.0/20 in AWS's IP ranges of 2024-11-27)" for an AWS address. */
function awsRangeText(ranges: AwsIpRanges, address: string): string | undefined {
  const range = ranges.lookup(address);
  return range ? `${awsRangeLabel(range)} (${range.prefix} in AWS's IP ranges of ${ranges.date})` : undefined;
}
