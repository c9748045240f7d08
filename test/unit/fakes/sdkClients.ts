import { AthenaClient } from '@aws-sdk/client-athena';
import { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';
import { EC2Client } from '@aws-sdk/client-ec2';
import { S3Client } from '@aws-sdk/client-s3';
import type { FakeAws } from '../../integration/fakeAws';

/** Static test credentials (AWS's documentation example keys). */
export const TEST_CREDENTIALS = { accessKeyId: 'AKIAIOSFODNN7EXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY' };

/**
 * The real SDK clients pointed at a fake, configured as the AWS layer must configure them for a custom
 * endpoint: S3 with path-style addressing (no `<bucket>.` host), Logs without the `stream-` host prefix
 * of StartLiveTail; no retries, so an error reaches the test as the first answer's typed exception.
 */
export function sdkClients(fake: FakeAws, region = 'us-west-2'): {
  ec2: EC2Client; s3: S3Client; athena: AthenaClient; logs: CloudWatchLogsClient; destroy(): void;
} {
  const common = { region, endpoint: fake.url, credentials: TEST_CREDENTIALS, maxAttempts: 1 };
  const ec2 = new EC2Client(common);
  const s3 = new S3Client({ ...common, forcePathStyle: true });
  const athena = new AthenaClient(common);
  const logs = new CloudWatchLogsClient({ ...common, disableHostPrefix: true });
  return {
    ec2, s3, athena, logs,
    destroy() {
      for (const client of [ec2, s3, athena, logs]) {
        client.destroy();
      }
    },
  };
}
