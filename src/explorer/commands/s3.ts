/**
 * The commands for flow log files in S3: open an object, or every file of a day or hour, in the viewer;
 * download an object to the workspace; and browse a bucket and prefix the user types, folder by folder
 * (date folders newest first), to a day or a file.
 */
import * as fs from 'node:fs';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import * as vscode from 'vscode';
import { refArg, type S3ObjectRef, type S3PrefixRef } from '../../aws/refs';
import { parseS3Location } from '../../aws/s3Models';
import { registerCommand, withCancellableProgress } from '../../commands';
import { formatBytes } from '../../common/format';
import { COMMANDS } from '../commandIds';
import { objectLabel } from '../nodes/s3Delivery';
import { isFlowLogFile, parseS3SourceId, S3RecordSource, type S3SourceDeps } from '../s3Source';
import type { ExplorerParts } from './parts';

/** Registers the S3 commands and the viewer's resolver for S3 sources. */
export function registerS3Commands(context: vscode.ExtensionContext, parts: ExplorerParts): void {
  const { services, viewer } = parts;
  const { s3 } = services.aws;
  const register = (id: string, title: string, run: (arg?: unknown) => unknown): void => registerCommand(context, services, id, { title, aws: true }, run);
  const sourceDeps = (): S3SourceDeps => ({ s3 });

  const open = async (ref: S3ObjectRef | S3PrefixRef): Promise<void> => {
    if (!viewer) {
      return;
    }
    const { region } = await services.aws.connection();
    await viewer.open(new S3RecordSource({ ...ref, region: ref.region ?? region }, sourceDeps()));
  };

  if (viewer) {
    context.subscriptions.push(
      viewer.registerSourceResolver('s3', (id) => {
        const ref = parseS3SourceId(id);
        return ref ? new S3RecordSource(ref, sourceDeps()) : undefined;
      }),
    );
  }

  register(COMMANDS.openS3Object, 'Open the S3 object', async (arg) => {
    const ref = refArg(arg, ['s3Object']);
    if (ref) {
      await open(ref);
    } else {
      await browse();
    }
  });

  register(COMMANDS.openS3Prefix, 'Open the S3 files', async (arg) => {
    const ref = refArg(arg, ['s3Prefix']);
    if (ref) {
      await open(ref);
    } else {
      await browse();
    }
  });

  register(COMMANDS.downloadS3Object, 'Download the S3 object', async (arg) => {
    const ref = refArg(arg, ['s3Object']);
    if (!ref) {
      return;
    }
    const name = ref.key.slice(ref.key.lastIndexOf('/') + 1);
    const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
    const target = await vscode.window.showSaveDialog({
      title: `Download s3://${ref.bucket}/${ref.key}`,
      saveLabel: 'Download',
      ...(folder ? { defaultUri: vscode.Uri.joinPath(folder, name) } : {}),
    });
    if (!target) {
      return;
    }
    const size = await withCancellableProgress(`Downloading ${name}`, async (signal, report) => {
      const object = await s3.getObject(ref.bucket, ref.key, signal);
      let done = 0;
      const counted = Readable.from((async function* () {
        for await (const chunk of object.body) {
          done += chunk.length;
          report(`${formatBytes(done)} of ${formatBytes(object.size)}`);
          yield chunk;
        }
      })());
      if (target.scheme === 'file') {
        // Streamed to disk: the object is never held whole.
        await pipeline(counted, fs.createWriteStream(target.fsPath), { signal });
      } else {
        const chunks: Buffer[] = [];
        for await (const chunk of counted) {
          chunks.push(chunk as Buffer);
        }
        await vscode.workspace.fs.writeFile(target, Buffer.concat(chunks));
      }
      return done;
    });
    services.log.info(`Downloaded s3://${ref.bucket}/${ref.key} (${formatBytes(size)}) to ${target.toString(true)}.`);
    const choice = await vscode.window.showInformationMessage(`Downloaded ${name} (${formatBytes(size)}).`, 'Open in Viewer', 'Reveal');
    if (choice === 'Open in Viewer') {
      await vscode.commands.executeCommand('vpcFlowLogs.openFile', target);
    } else if (choice === 'Reveal') {
      await vscode.commands.executeCommand('revealFileInOS', target);
    }
  });

  /** Asks for a bucket and prefix, then walks its folders to a day, an hour or a file, and opens it. */
  const browse = async (location?: string): Promise<void> => {
    const typed = location ?? (await vscode.window.showInputBox({
      title: 'Browse S3 Flow Logs',
      prompt: 'The bucket (and prefix) flow logs deliver to',
      placeHolder: 's3://my-flow-logs-bucket/prefix/',
      validateInput: (value) => (parseS3Location(value) ? undefined : 'Enter a bucket name, s3://bucket/prefix, or an S3 ARN.'),
    }));
    const start = typed === undefined ? undefined : parseS3Location(typed);
    if (!start) {
      return;
    }
    let prefix = start.prefix && !start.prefix.endsWith('/') ? `${start.prefix}/` : start.prefix;
    for (;;) {
      const here = prefix;
      const listing = await withCancellableProgress(`Listing s3://${start.bucket}/${here}`, async (signal) => {
        const folders: string[] = [];
        const files: { key: string; size: number }[] = [];
        let token: string | undefined;
        do {
          const page = await s3.listPage(start.bucket, { prefix: here, delimiter: '/', token }, signal);
          folders.push(...page.prefixes);
          files.push(...page.objects.filter((o) => isFlowLogFile(o.key)));
          token = page.nextToken;
        } while (token && files.length < 5000);
        return { folders, files };
      });
      // Date folders (2024/, day=27/, hour=08/) newest first; other folders by name.
      const dated = listing.folders.length > 0 && listing.folders.every((f) => /(?:^|\/)(?:[a-z-]+=)?\d+\/$/.test(f));
      const folders = dated ? [...listing.folders].reverse() : listing.folders;
      type Item = vscode.QuickPickItem & { readonly go?: string; readonly file?: string; readonly all?: boolean };
      const items: Item[] = [
        ...(listing.files.length > 0 ? [{ label: `$(eye) Open the ${listing.files.length} files here in the viewer`, all: true }] : []),
        ...folders.map((f) => ({ label: `$(folder) ${f.slice(here.length)}`, go: f })),
        ...listing.files.slice().reverse().map((o) => ({ label: `$(file) ${objectLabel(o.key)}`, description: formatBytes(o.size), detail: o.key.slice(here.length), file: o.key })),
      ];
      if (items.length === 0) {
        void vscode.window.showInformationMessage(`Nothing under s3://${start.bucket}/${here}: no folders and no flow log files.`);
        return;
      }
      const picked = await vscode.window.showQuickPick(items, { title: `s3://${start.bucket}/${here}`, placeHolder: 'Choose a folder (newest first), a file, or open every file here', matchOnDetail: true });
      if (!picked) {
        return;
      }
      if (picked.go !== undefined) {
        prefix = picked.go;
        continue;
      }
      await open(picked.file !== undefined ? { kind: 's3Object', bucket: start.bucket, key: picked.file } : { kind: 's3Prefix', bucket: start.bucket, prefix: here });
      return;
    }
  };

  register(COMMANDS.browseS3, 'Browse S3 flow logs', (arg) => browse(typeof arg === 'string' ? arg : undefined));
}
