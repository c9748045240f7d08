import * as assert from 'node:assert/strict';
import {
  DescribeNetworkInterfacesCommand,
  DescribeTagsCommand,
  DescribeVpcsCommand,
  EC2Client,
  EC2ServiceException,
} from '@aws-sdk/client-ec2';
import { mockClient } from 'aws-sdk-client-mock';
import { Ec2Api } from '../../../src/aws/ec2';
import { ec2Arn } from '../../../src/aws/models';
import { AwsProblemError } from '../../../src/aws/errors';
import { collect } from '../../../src/aws/request';
import { DEMO, registerDemoAccount } from '../../fixtures/demoAccount';
import { FakeAws, FakeAwsError } from '../../integration/fakeAws';
import { awsTestEnv } from './awsTestEnv';

function ec2Error(name: string, message: string): EC2ServiceException {
  return new EC2ServiceException({ name, message, $fault: 'client', $metadata: { httpStatusCode: 403 } });
}

describe('EC2 wrappers against the demo account (real SDK over loopback)', () => {
  const fake = new FakeAws();
  let env: ReturnType<typeof awsTestEnv>;
  let ec2: Ec2Api;


  before(async () => {
    registerDemoAccount(await fake.start());
    env = awsTestEnv({ region: 'us-west-2', endpointUrl: fake.url });
    ec2 = new Ec2Api(env.factory);
  });
  after(async () => {
    env.dispose();
    await fake.stop();
  });
  beforeEach(() => {
    fake.calls.length = 0;
  });

  it('lists VPCs with their Name tag, CIDR blocks and the default marker', async () => {
    const page = await ec2.vpcsPage(undefined, 50);
    const vpc1 = page.items.find((v) => v.id === DEMO.vpc1.id);
    assert.equal(vpc1?.name, DEMO.vpc1.name);
    assert.deepEqual(vpc1?.cidrs, [DEMO.vpc1.cidr]);
    assert.equal(vpc1?.isDefault, false);
    assert.equal(page.items.find((v) => v.id === DEMO.defaultVpc.id)?.isDefault, true);
    assert.equal(fake.callsOf('ec2', 'DescribeVpcs')[0]?.params['MaxResults'], '50');
  });

  it('asks for a VPC\'s network interfaces with a vpc-id filter on the server', async () => {
    const page = await ec2.networkInterfacesPage(DEMO.vpc2.id, undefined, 50);
    const params = fake.callsOf('ec2', 'DescribeNetworkInterfaces')[0]?.params ?? {};
    assert.equal(params['Filter.1.Name'], 'vpc-id');
    assert.equal(params['Filter.1.Value.1'], DEMO.vpc2.id);
    assert.deepEqual(page.items.map((e) => e.id), [DEMO.eni2.id]);
    const eni = page.items[0]!;
    assert.equal(eni.privateIp, DEMO.eni2.privateIp);
    assert.equal(eni.publicIp, DEMO.eni2.publicIp);
    assert.equal(eni.instanceId, DEMO.instance2.id);
    assert.equal(eni.interfaceType, 'interface');
    assert.deepEqual(eni.securityGroups.map((g) => g.name), ['launch-wizard-2']);
  });

  it('looks interfaces up by id with a filter, so an id that no longer exists is just absent', async () => {
    const found = await ec2.networkInterfaces({ ids: [DEMO.eni1.id, 'eni-0000000000000dead', DEMO.eni1.id] });
    assert.deepEqual(found.map((e) => e.id), [DEMO.eni1.id]);
    const params = fake.callsOf('ec2', 'DescribeNetworkInterfaces')[0]?.params ?? {};
    assert.equal(params['Filter.1.Name'], 'network-interface-id');
    assert.equal(params['Filter.1.Value.3'], undefined, 'each id is asked for once');
  });

  it('reads flow logs with destination, format, interval and delivery status', async () => {
    const [flowLog] = await ec2.flowLogs({ resourceIds: [DEMO.vpc1.id] });
    assert.equal(fake.callsOf('ec2', 'DescribeFlowLogs')[0]?.params['Filter.1.Name'], 'resource-id');
    assert.equal(flowLog?.id, DEMO.flowLog.id);
    assert.equal(flowLog?.destinationType, 'cloud-watch-logs');
    assert.equal(flowLog?.logGroupName, DEMO.flowLogGroup);
    assert.equal(flowLog?.maxAggregationInterval, 60);
    assert.equal(flowLog?.deliverLogsStatus, 'SUCCESS');
    assert.match(flowLog?.logFormat ?? '', /^\$\{version\} \$\{account-id\}/);
    assert.deepEqual(await ec2.flowLogs({ resourceIds: [DEMO.vpc2.id] }), []);
  });

  it('finds peering connections from either side, and route tables with their routes', async () => {
    const fromAccepter = await ec2.peeringConnections(DEMO.vpc2.id);
    assert.deepEqual(fromAccepter.map((p) => p.id), [DEMO.peering.id]);
    assert.deepEqual(fromAccepter[0]?.requester.cidrs, [DEMO.vpc1.cidr]);
    const names = fake.callsOf('ec2', 'DescribeVpcPeeringConnections').map((c) => c.params['Filter.1.Name']).sort();
    assert.deepEqual(names, ['accepter-vpc-info.vpc-id', 'requester-vpc-info.vpc-id']);

    const [table] = await ec2.routeTables(DEMO.vpc2.id);
    assert.equal(table?.main, true);
    assert.deepEqual(
      table?.routes.map((r) => `${r.destination} ${r.target}`),
      [`${DEMO.vpc2.cidr} local`, '0.0.0.0/0 igw-0b2c3d4e5f6a72b02', `${DEMO.vpc1.cidr} ${DEMO.peering.id}`],
    );
  });

  it('reads instance Name tags for many ids at once', async () => {
    const names = await ec2.nameTags([DEMO.instance1.id, DEMO.instance2.id, DEMO.instance1.id]);
    assert.equal(names.get(DEMO.instance1.id), DEMO.instance1.name);
    assert.equal(names.get(DEMO.instance2.id), DEMO.instance2.name);
    const params = fake.callsOf('ec2', 'DescribeTags')[0]?.params ?? {};
    assert.equal(params['Filter.1.Value.3'], undefined, 'duplicate ids are sent once');
  });

  it('names the denied action when EC2 refuses', async () => {
    fake.on('ec2', 'DescribeRouteTables', () => {
      throw new FakeAwsError('UnauthorizedOperation', 'You are not authorized to perform this operation.', 403);
    });
    await assert.rejects(ec2.routeTables(DEMO.vpc1.id), (error: unknown) => {
      assert.ok(error instanceof AwsProblemError);
      assert.equal(error.problem.kind, 'accessDenied');
      assert.equal(error.problem.deniedAction, 'ec2:DescribeRouteTables');
      assert.match(error.message, /^ec2:DescribeRouteTables failed: access denied/);
      return true;
    });
    registerDemoAccount(fake);
  });

  it('finds nothing in a region where the account has no resources', async () => {
    const other = awsTestEnv({ region: 'eu-west-1', endpointUrl: fake.url });
    try {
      const page = await new Ec2Api(other.factory).vpcsPage(undefined, 50);
      assert.deepEqual(page.items, []);
      assert.equal(fake.callsOf('ec2', 'DescribeVpcs').at(-1)?.region, 'eu-west-1');
    } finally {
      other.dispose();
    }
  });
});

describe('EC2 wrappers: paging and errors (SDK stubbed at the client)', () => {
  // Created in before(), not at load: mockClient patches every EC2Client, the other suites' too.
  const createMock = () => mockClient(EC2Client);
  let mock: ReturnType<typeof createMock>;
  let env: ReturnType<typeof awsTestEnv>;
  let ec2: Ec2Api;

  before(() => {
    mock = createMock();
  });
  beforeEach(() => {
    mock.reset();
    env = awsTestEnv({ region: 'us-west-2' });
    ec2 = new Ec2Api(env.factory);
  });
  afterEach(() => env.dispose());
  after(() => mock.restore());

  it('passes the token of the previous page and clamps the page size to the API limits', async () => {
    mock.on(DescribeVpcsCommand).resolves({ Vpcs: [{ VpcId: 'vpc-2' }], NextToken: 't3' });
    const page = await ec2.vpcsPage('t2', 1);
    assert.deepEqual(page, { items: [{ id: 'vpc-2', name: undefined, cidrs: [], isDefault: false, state: 'unknown', ownerId: undefined }], nextToken: 't3' });
    assert.deepEqual(mock.commandCalls(DescribeVpcsCommand)[0]?.args[0].input, { MaxResults: 5, NextToken: 't2' });
  });

  it('follows tokens across empty pages and stops when a token repeats', async () => {
    mock
      .on(DescribeVpcsCommand)
      .resolvesOnce({ Vpcs: [{ VpcId: 'vpc-a' }], NextToken: 'p2' })
      .resolvesOnce({ Vpcs: [], NextToken: 'p3' })
      .resolvesOnce({ Vpcs: [{ VpcId: 'vpc-b' }], NextToken: 'p3' })
      .resolves({ Vpcs: [{ VpcId: 'never' }] });
    const vpcs = await ec2.vpcs();
    assert.deepEqual(vpcs.map((v) => v.id), ['vpc-a', 'vpc-b']);
    assert.equal(mock.commandCalls(DescribeVpcsCommand).length, 3);
  });

  it('collects every page of interfaces up to a bound', async () => {
    let n = 0;
    mock.on(DescribeNetworkInterfacesCommand).callsFake(() => ({ NetworkInterfaces: [{ NetworkInterfaceId: `eni-${n}` }], NextToken: `t${++n}` }));
    const enis = await ec2.networkInterfaces({ maxPages: 3 });
    assert.deepEqual(enis.map((e) => e.id), ['eni-0', 'eni-1', 'eni-2']);
  });

  it('asks for Name tags 100 resources at a time', async () => {
    mock.on(DescribeTagsCommand).callsFake((input: { Filters?: { Name?: string; Values?: string[] }[] }) => ({
      Tags: (input.Filters?.find((f) => f.Name === 'resource-id')?.Values ?? []).map((id) => ({ ResourceId: id, Key: 'Name', Value: `name of ${id}` })),
    }));
    const ids = Array.from({ length: 250 }, (_, i) => `i-${i}`);
    const names = await ec2.nameTags(ids);
    assert.equal(names.size, 250);
    assert.deepEqual(mock.commandCalls(DescribeTagsCommand).map((c) => (c.args[0].input as { Filters?: { Values?: string[] }[] }).Filters?.[0]?.Values?.length), [100, 100, 50]);
  });

  it('describes expired SSO sessions and denied actions for a person', async () => {
    mock.on(DescribeVpcsCommand).rejects(ec2Error('UnauthorizedOperation', 'You are not authorized to perform this operation. User: arn:aws:iam::1:user/x is not authorized to perform: ec2:DescribeVpcs'));
    await assert.rejects(ec2.vpcsPage(undefined, 50), /ec2:DescribeVpcs failed: access denied.*not allowed ec2:DescribeVpcs/);
    mock.on(DescribeVpcsCommand).rejects(ec2Error('ExpiredToken', 'The security token included in the request is expired'));
    await assert.rejects(ec2.vpcsPage(undefined, 50), (e: AwsProblemError) => e.problem.kind === 'ssoExpired' && /aws sso login --profile default/.test(e.message));
  });

  it('stops collecting after maxPages', async () => {
    let page = 0;
    const items = await collect(() => Promise.resolve({ items: [page], nextToken: `t${++page}` }), 4);
    assert.deepEqual(items, [0, 1, 2, 3]);
  });

  it('builds ARNs only when the account is known', () => {
    assert.equal(ec2Arn('us-west-2', '123456789012', 'vpc', 'vpc-1'), 'arn:aws:ec2:us-west-2:123456789012:vpc/vpc-1');
    assert.equal(ec2Arn('cn-north-1', '1', 'vpc', 'vpc-1'), 'arn:aws-cn:ec2:cn-north-1:1:vpc/vpc-1');
    assert.equal(ec2Arn('us-west-2', undefined, 'vpc', 'vpc-1'), undefined);
  });
});
