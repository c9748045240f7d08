/**
 * Registers the flow log viewer: its panel serializer and the commands that open it on a file or on
 * the active flow log editor. Returns the service other areas use to open it on their own sources.
 */
import * as vscode from 'vscode';
import { registerAwsIpRanges } from './awsRanges';
import { ViewerPanels, VIEWER_VIEW_TYPE, type ViewerDeps } from './panel';

const FLOW_LOG_LANGUAGE = 'vpc-flow-log';
/** The sample packaged with the extension, for trying the viewer without AWS. */
export const SAMPLE_FLOW_LOG = ['samples', 'tutorial-vpc1-default.log'];
const FILE_FILTERS: Record<string, string[]> = { 'Flow logs': ['log', 'gz', 'flowlog', 'txt'], 'All files': ['*'] };

/** Registers the viewer; the returned service opens it on any {@link RecordSource}. */
export function registerViewer(context: vscode.ExtensionContext, deps: ViewerDeps): ViewerPanels {
  // Public addresses are labelled with AWS's published ranges once the user has fetched them.
  const panels = new ViewerPanels(context, { ...deps, awsRanges: deps.awsRanges ?? registerAwsIpRanges(context, deps.log) });

  const openFile = async (uri?: vscode.Uri): Promise<void> => {
    const target =
      uri instanceof vscode.Uri
        ? uri
        : (
            await vscode.window.showOpenDialog({
              title: 'Open a flow log file in the viewer',
              openLabel: 'Open in Viewer',
              canSelectMany: false,
              filters: FILE_FILTERS,
            })
          )?.[0];
    if (target) {
      await panels.open(panels.fileSource(target));
    }
  };

  const openInViewer = async (uri?: vscode.Uri): Promise<void> => {
    const active = vscode.window.activeTextEditor?.document;
    let document = uri instanceof vscode.Uri ? vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString()) : active;
    if (!document && uri instanceof vscode.Uri) {
      document = await vscode.workspace.openTextDocument(uri);
    }
    if (!document || document.languageId !== FLOW_LOG_LANGUAGE) {
      // Run from the palette without a flow log editor: choose among the open ones, else a file.
      const open = vscode.workspace.textDocuments.filter((d) => d.languageId === FLOW_LOG_LANGUAGE);
      if (open.length === 0) {
        await openFile();
        return;
      }
      const picked = await vscode.window.showQuickPick(
        open.map((d) => ({ label: vscode.workspace.asRelativePath(d.uri), document: d })),
        { title: 'Open which flow log in the viewer?' },
      );
      document = picked?.document;
    }
    if (document) {
      await panels.open(panels.documentSource(document));
    }
  };

  context.subscriptions.push(
    panels,
    vscode.window.registerWebviewPanelSerializer(VIEWER_VIEW_TYPE, { deserializeWebviewPanel: (panel, state) => panels.restore(panel, state) }),
    vscode.commands.registerCommand('vpcFlowLogs.openFile', (uri?: vscode.Uri) => openFile(uri)),
    vscode.commands.registerCommand('vpcFlowLogs.openSample', () => openFile(vscode.Uri.joinPath(context.extensionUri, ...SAMPLE_FLOW_LOG))),
    vscode.commands.registerCommand('vpcFlowLogs.openInViewer', (uri?: vscode.Uri) => openInViewer(uri)),
  );
  return panels;
}
