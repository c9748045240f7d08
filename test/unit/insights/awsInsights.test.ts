import * as assert from 'node:assert/strict';
import {
  CloudWatchLogsClient,
  DescribeLogGroupsCommand,
  DescribeQueryDefinitionsCommand,
  FilterLogEventsCommand,
  GetQueryResultsCommand,
  PutQueryDefinitionCommand,
  StartQueryCommand,
  StopQueryCommand,
} from '@aws-sdk/client-cloudwatch-logs';
import { DescribeFlowLogsCommand, EC2Client } from '@aws-sdk/client-ec2';
import { mockClient } from 'aws-sdk-client-mock';
import { AwsClientFactory } from '../../../src/aws/clientFactory';
import { Ec2Api } from '../../../src/aws/ec2';
import { LogsApi } from '../../../src/aws/logs';
import { logGroupNameFromArn } from '../../../src/aws/models';
import { formatsByLogGroup } from '../../../src/insights/core/logGroups';
import { runQuery } from '../../../src/insights/core/poll';

describe('Insights AWS wrappers', () => {
  // Stubs live on the client prototypes: install them only while this suite runs.
  const createLogsMock = () => mockClient(CloudWatchLogsClient);
  const createEc2Mock = () => mockClient(EC2Client);
  let logsMock: ReturnType<typeof createLogsMock>;
  let ec2Mock: ReturnType<typeof createEc2Mock>;
  // The Logs and EC2 wrappers over the shared factory; aws-sdk-client-mock answers for the SDK clients.
  const factory = new AwsClientFactory(() => ({ profile: '', region: 'us-west-2', endpointUrl: '' }), { userAgent: 'vpcfl-test/1', env: {} });
  const api = new LogsApi(factory);
  const ec2 = new Ec2Api(factory);

  before(() => {
    logsMock = createLogsMock();
    ec2Mock = createEc2Mock();
  });
  after(() => {
    logsMock.restore();
    ec2Mock.restore();
  });
  beforeEach(() => {
    logsMock.reset();
    ec2Mock.reset();
  });

  it('runs a query end to end through the SDK and stops it on cancel', async () => {
    logsMock.on(StartQueryCommand).resolves({ queryId: 'q-42' });
    logsMock
      .on(GetQueryResultsCommand)
      .resolvesOnce({ status: 'Running', results: [], statistics: { recordsScanned: 10 } })
      .resolves({ status: 'Complete', results: [[{ field: 'srcAddr', value: '10.1.5.112' }, { field: '@ptr', value: 'x' }]], statistics: { recordsMatched: 1, recordsScanned: 20, bytesScanned: 3000 } });
    const outcome = await runQuery(api, { logGroupNames: ['VPCFlowLogsGroup'], queryString: 'fields srcAddr', startTime: 1, endTime: 2, limit: 10_000 }, { sleep: () => Promise.resolve() });
    assert.equal(outcome.status, 'Complete');
    assert.equal(outcome.rows.length, 1);
    assert.deepEqual(logsMock.commandCalls(StartQueryCommand)[0]!.args[0].input, { logGroupNames: ['VPCFlowLogsGroup'], queryString: 'fields srcAddr', startTime: 1, endTime: 2, limit: 10_000 });

    logsMock.on(StopQueryCommand).resolves({ success: true });
    assert.equal(await api.stopQuery('q-42'), true);
    assert.deepEqual(logsMock.commandCalls(StopQueryCommand)[0]!.args[0].input, { queryId: 'q-42' });
  });

  it('maps a status it does not know to Unknown', async () => {
    logsMock.on(GetQueryResultsCommand).resolves({ status: 'Brand new' as never });
    assert.equal((await api.getQueryResults('q')).status, 'Unknown');
  });

  it('reads every page of saved query definitions and saves with the log groups', async () => {
    logsMock
      .on(DescribeQueryDefinitionsCommand)
      .resolvesOnce({ queryDefinitions: [{ queryDefinitionId: 'd1', name: 'flows/top', queryString: 'stats count(*)', logGroupNames: ['g'] }], nextToken: 'n' })
      .resolves({ queryDefinitions: [{ queryDefinitionId: 'd2', name: 'other', queryString: 'limit 1' }] });
    const defs = await api.queryDefinitions();
    assert.deepEqual(defs.map((d) => [d.id, d.name, d.logGroupNames]), [['d1', 'flows/top', ['g']], ['d2', 'other', []]]);

    logsMock.on(PutQueryDefinitionCommand).resolves({ queryDefinitionId: 'd1' });
    assert.equal(await api.putQueryDefinition({ id: 'd1', name: 'flows/top', queryString: 'stats count(*)', logGroupNames: ['g', 'h'] }), 'd1');
    assert.deepEqual(logsMock.commandCalls(PutQueryDefinitionCommand)[0]!.args[0].input, { name: 'flows/top', queryString: 'stats count(*)', logGroupNames: ['g', 'h'], queryDefinitionId: 'd1' });
  });

  it('lists log groups and the flow log formats that deliver to them', async () => {
    logsMock
      .on(DescribeLogGroupsCommand)
      .resolvesOnce({ logGroups: [{ logGroupName: 'a', storedBytes: 5 }], nextToken: 't' })
      .resolves({ logGroups: [{ logGroupName: 'VPCFlowLogsGroup' }] });
    assert.deepEqual((await api.logGroups()).map((g) => ({ name: g.name, storedBytes: g.storedBytes })), [{ name: 'a', storedBytes: 5 }, { name: 'VPCFlowLogsGroup', storedBytes: undefined }]);

    ec2Mock.on(DescribeFlowLogsCommand).resolves({
      FlowLogs: [
        { FlowLogId: 'fl-1', LogDestinationType: 'cloud-watch-logs', LogGroupName: 'VPCFlowLogsGroup', LogFormat: '${version} ${srcaddr}' },
        { FlowLogId: 'fl-2', LogDestinationType: 'cloud-watch-logs', LogDestination: 'arn:aws:logs:us-west-2:123456789012:log-group:other:*' },
        { FlowLogId: 'fl-3', LogDestinationType: 's3', LogDestination: 'arn:aws:s3:::bucket' },
      ],
    });
    const formats = formatsByLogGroup(await ec2.flowLogs());
    assert.deepEqual([...formats.entries()], [['VPCFlowLogsGroup', ['${version} ${srcaddr}']], ['other', ['']]]);
    assert.equal(logGroupNameFromArn('arn:aws:logs:us-west-2:1:log-group:/vpc/flow:*'), '/vpc/flow');
  });

  it('filters log events for an address', async () => {
    logsMock.on(FilterLogEventsCommand).resolves({ events: [{ message: 'm', timestamp: 5, logStreamName: 'eni-1-all' }], nextToken: 'n2' });
    const page = await api.filterLogEvents({ group: 'g', filterPattern: '"10.1.5.112"', startTime: 1000, endTime: 2000 });
    assert.deepEqual(page.items.map((e) => ({ message: e.message, timestamp: e.timestamp, logStreamName: e.streamName })), [{ message: 'm', timestamp: 5, logStreamName: 'eni-1-all' }]);
    assert.equal(page.nextToken, 'n2');
    assert.equal(logsMock.commandCalls(FilterLogEventsCommand)[0]!.args[0].input.filterPattern, '"10.1.5.112"');
  });
});
