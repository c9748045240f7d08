// The setup flows in plain Node: a real client factory whose SDK clients are stubbed with
// aws-sdk-client-mock, scripted answers, and a host that records what it was asked to do.
import { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';
import { EC2Client } from '@aws-sdk/client-ec2';
import { IAMClient } from '@aws-sdk/client-iam';
import { S3Client } from '@aws-sdk/client-s3';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { mockClient } from 'aws-sdk-client-mock';
import { Aws } from '../../../src/aws';
import { AwsClientFactory } from '../../../src/aws/clientFactory';
import type { ScaffoldDocuments } from '../../../src/iam/guide';
import type { SetupDeps, SetupHost } from '../../../src/setup/deps';
import { ScriptedPrompter, type Answer } from './scriptedPrompter';

export const ACCOUNT = '123456789012';
export const REGION = 'us-west-2';

function sdkMocks() {
  return { ec2: mockClient(EC2Client), iam: mockClient(IAMClient), logs: mockClient(CloudWatchLogsClient), sts: mockClient(STSClient), s3: mockClient(S3Client) };
}

export type Harness = ReturnType<typeof sdkMocks> & {
  readonly deps: SetupDeps;
  readonly prompter: ScriptedPrompter;
  readonly host: SetupHost & { progressTitles: string[]; opened: ScaffoldDocuments[]; documents: { fileName: string; text: string }[]; refreshes: number; logs: string[]; sleeps: number[] };
  restore(): void;
};

/** An SDK-shaped service error (what the deserializers throw), e.g. `awsError('EntityAlreadyExists', ...)`. */
export function awsError(code: string, message: string): Error {
  return Object.assign(new Error(message), { name: code, Code: code, $metadata: { httpStatusCode: 400 } });
}

/** The JSON of `AssumeRolePolicyDocument` as IAM returns it: URL-encoded. */
export function iamEncoded(document: object): string {
  return encodeURIComponent(JSON.stringify(document));
}

export function harness(script: Record<string, Answer | Answer[]> = {}): Harness {
  const aws = new Aws(new AwsClientFactory(() => ({ profile: '', region: REGION, endpointUrl: '' }), { userAgent: 'vpcfl-test/1', env: {} }));
  const prompter = new ScriptedPrompter(script);
  const host: Harness['host'] = {
    progressTitles: [],
    opened: [],
    documents: [],
    refreshes: 0,
    logs: [],
    sleeps: [],
    progress: async (title, task) => {
      host.progressTitles.push(title);
      return task(() => undefined, new AbortController().signal);
    },
    openScaffold: (documents) => {
      host.opened.push(documents);
      return Promise.resolve();
    },
    openDocument: (fileName, text) => {
      host.documents.push({ fileName, text });
      return Promise.resolve();
    },
    refreshExplorer: () => {
      host.refreshes++;
      return Promise.resolve();
    },
    log: (message) => {
      host.logs.push(message);
    },
  };
  const { ec2, iam, logs, sts, s3 } = sdkMocks();
  sts.on(GetCallerIdentityCommand).resolves({ Account: ACCOUNT, Arn: `arn:aws:iam::${ACCOUNT}:user/dev`, UserId: 'AIDA' });
  const deps: SetupDeps = {
    aws,
    prompter,
    host,
    sleep: (ms) => {
      host.sleeps.push(ms);
      return Promise.resolve();
    },
  };
  return {
    deps,
    prompter,
    host,
    ec2,
    iam,
    logs,
    sts,
    s3,
    restore() {
      for (const mock of [ec2, iam, logs, sts, s3]) {
        mock.restore();
      }
      aws.reset();
    },
  };
}
