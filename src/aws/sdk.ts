/**
 * The AWS SDK, gathered in one module so the bundler puts it in a file of its own (dist/aws-sdk.js).
 * Nothing imports this module statically at run time: code calls `loadSdk()`, so VS Code does not pay
 * for the SDK (a few MB, a few hundred ms to require) until AWS is first used. Type-only imports of the client
 * packages are fine anywhere.
 */
export * as ec2 from '@aws-sdk/client-ec2';
export * as logs from '@aws-sdk/client-cloudwatch-logs';
export * as iam from '@aws-sdk/client-iam';
export * as sts from '@aws-sdk/client-sts';
export * as s3 from '@aws-sdk/client-s3';
export * as athena from '@aws-sdk/client-athena';
export { fromIni, fromNodeProviderChain } from '@aws-sdk/credential-providers';
export { loadSharedConfigFiles } from '@smithy/shared-ini-file-loader';
