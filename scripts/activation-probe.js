// Loaded by scripts/bench-activation.mjs as the `extensionTestsPath` of a fresh extension host: activates
// the extension and reports how long activate() took, whether the AWS SDK bundle was loaded by then, and
// what loading it costs in the same host (the reason it is kept out of activation).
/* global require, exports, performance -- a CommonJS module run by the extension host */
/* eslint-disable @typescript-eslint/no-require-imports -- CommonJS is what the extension host loads here */
const path = require('node:path');

exports.run = async function run() {
  const vscode = require('vscode');
  const extension = vscode.extensions.getExtension('vpc-flow-logs.vpc-flow-logs');
  const api = await extension.activate();
  const sdk = path.join(extension.extensionPath, 'dist', 'aws-sdk.js');
  const sdkLoadedAtActivation = require.cache[sdk] !== undefined;
  const started = performance.now();
  require(sdk);
  const sdkRequireMs = performance.now() - started;
  console.log(`VPCFL_BENCH ${JSON.stringify({ activationMs: api.activationMs, sdkRequireMs, sdkLoadedAtActivation })}`);
};
