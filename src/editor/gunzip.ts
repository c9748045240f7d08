/** Decompressing `.log.gz` flow logs for the text editor. Kept free of `vscode` so it is tested in plain Node. */
import { promisify } from 'node:util';
import * as zlib from 'node:zlib';

/**
 * Beyond this many decompressed bytes the text editor is the wrong tool (VS Code turns off highlighting
 * for huge documents and the string may not fit in memory): the viewer reads such files instead.
 */
export const MAX_TEXT_BYTES = 256 * 1024 * 1024;

const gunzip = promisify(zlib.gunzip);

/** Decompresses gzip data into text, refusing output larger than `maxBytes`; errors say what is wrong. */
export async function gunzipText(data: Uint8Array, maxBytes = MAX_TEXT_BYTES): Promise<string> {
  try {
    const text = await gunzip(data, { maxOutputLength: maxBytes });
    return text.toString('utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ERR_BUFFER_TOO_LARGE') {
      throw new Error(`it is larger than ${Math.round(maxBytes / 1024 / 1024)} MB decompressed: open it in the flow log viewer instead`);
    }
    if (code === 'Z_DATA_ERROR' || code === 'Z_BUF_ERROR') {
      throw new Error('it is not gzip data, or it is truncated');
    }
    throw error;
  }
}
