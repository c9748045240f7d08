/** The AWS SDK module type; see ./sdk.ts for why it is loaded lazily. */
export type Sdk = typeof import('./sdk');

/**
 * Loads the AWS SDK on first use (Node caches the module after that). In the extension bundle `./sdk`
 * resolves to dist/aws-sdk.js (see esbuild.mjs); under plain Node (unit tests) it is the compiled
 * module, so aws-sdk-client-mock sees the same client classes as the code under test.
 */
export function loadSdk(): Sdk {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require('./sdk') as Sdk;
}
