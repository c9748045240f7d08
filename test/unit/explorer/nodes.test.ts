import * as assert from 'node:assert/strict';
import { CloudWatchLogsClient, DescribeLogGroupsCommand, DescribeLogStreamsCommand } from '@aws-sdk/client-cloudwatch-logs';
import { DescribeFlowLogsCommand, DescribeVpcsCommand, EC2Client } from '@aws-sdk/client-ec2';
import { mockClient } from 'aws-sdk-client-mock';
import { COMMANDS, SETTINGS } from '../../../src/explorer/commandIds';
import { ErrorNode, LoadMoreNode, PagedList, type ExplorerNode } from '../../../src/explorer/nodes/base';
import { type LogGroupNode, LogGroupsRoot } from '../../../src/explorer/nodes/logGroups';
import type { SubnetInfo } from '../../../src/aws/models';
import { routeTableInUse } from '../../../src/explorer/nodes/routes';
import { type InterfaceNode, missingPeeringRoutes, type VpcNode, VpcsRoot } from '../../../src/explorer/nodes/vpcs';
import { DEMO, registerDemoAccount } from '../../fixtures/demoAccount';
import { FakeAws, FakeAwsError } from '../../integration/fakeAws';
import { awsTestEnv } from '../aws/awsTestEnv';
import { childNamed, rows, testContext } from './testContext';

describe('Explorer nodes against the demo account', () => {
  const fake = new FakeAws();
  let env: ReturnType<typeof awsTestEnv>;

  before(async () => {
    await fake.start();
  });
  after(async () => {
    await fake.stop();
  });
  beforeEach(() => {
    registerDemoAccount(fake);
    fake.calls.length = 0;
    env = awsTestEnv({ region: 'us-west-2', endpointUrl: fake.url }, 1);
  });
  afterEach(() => env.dispose());

  it('lists VPCs with their CIDRs, ids that are paths, and flags for when clauses', async () => {
    const t = testContext(env.factory);
    const root = new VpcsRoot(t.context);
    const list = await rows(root);
    const vpc1 = list.find((r) => r.view.label === DEMO.vpc1.name)!;
    assert.equal(vpc1.node.id, `default@us-west-2/${DEMO.vpc1.id}`);
    assert.equal(vpc1.view.description, `${DEMO.vpc1.cidr} · flow log`);
    assert.equal(vpc1.view.contextValue, 'vpcFlowLogs.vpc+hasFlowLog+arn');
    assert.equal((vpc1.node as VpcNode).arn(), `arn:aws:ec2:us-west-2:123456789012:vpc/${DEMO.vpc1.id}`);
    const defaultVpc = list.find((r) => r.view.label === DEMO.defaultVpc.id)!;
    assert.equal(defaultVpc.view.contextValue, 'vpcFlowLogs.vpc+default+noFlowLog+arn');
    assert.deepEqual(t.problems, [undefined]);
  });

  it('knows which flow log covers an interface and which stream holds its records', async () => {
    const t = testContext(env.factory);
    const vpc1 = await childNamed(new VpcsRoot(t.context), DEMO.vpc1.name);
    const eni = (await childNamed(await childNamed(vpc1, 'Network interfaces'), DEMO.eni1.id)) as InterfaceNode;
    assert.deepEqual(
      { group: eni.cloudWatchStream()?.group, stream: eni.cloudWatchStream()?.stream },
      { group: DEMO.flowLogGroup, stream: DEMO.flowLogStream },
    );
    const vpc2 = await childNamed(new VpcsRoot(t.context), DEMO.vpc2.name);
    const eni2 = (await childNamed(await childNamed(vpc2, 'Network interfaces'), DEMO.eni2.id)) as InterfaceNode;
    assert.equal(eni2.cloudWatchStream(), undefined);
    assert.match(eni2.view().contextValue ?? '', /\+noFlowLog/);
    assert.equal(eni2.view().icon?.color, 'disabledForeground');
  });

  it('offers to create a flow log in an empty "Flow logs" folder only when the setup area is there', async () => {
    const t = testContext(env.factory);
    const vpc2 = await childNamed(new VpcsRoot(t.context), DEMO.vpc2.name);
    const folder = await childNamed(vpc2, 'Flow logs');
    assert.deepEqual((await rows(folder)).map((r) => r.view.label), ['No flow log on this VPC, its subnets or interfaces']);
    t.canCreateFlowLog = true;
    folder.invalidate!();
    const withCreate = await rows(folder);
    assert.equal(withCreate[1]?.view.command?.command, COMMANDS.createFlowLog);
    assert.deepEqual(withCreate[1]?.view.command?.arguments?.[0], (vpc2 as VpcNode).ref);
  });

  it('shows Name tags, descriptions and instance names in tooltips as text, never as Markdown', async () => {
    const image = '![](https://host/p.png)';
    registerDemoAccount(fake, { names: { vpc1: image, instance1: '**Boss** <img src=x onerror=alert(1)>', eni1Description: '[quit](command:workbench.action.quit)' } });
    const t = testContext(env.factory);
    const vpc = await childNamed(new VpcsRoot(t.context), image);
    assert.equal(vpc.view().tooltip!.split('\n')[0], '**\\!\\[\\]\\(https\\://host/p.png\\)**');
    const eni = (await childNamed(await childNamed(vpc, 'Network interfaces'), DEMO.eni1.id)).view().tooltip!;
    assert.match(eni, /\| Instance \| \\\*\\\*Boss\\\*\\\* \\<img src=x onerror=alert\\\(1\\\)\\> `i-0a1b2c3d4e5f67001` \|/);
    assert.match(eni, /\| Description \| \\\[quit\\\]\\\(command:workbench\.action\.quit\\\) \|/);
    // Whatever the text, no Markdown construct survives unescaped outside code spans.
    for (const tooltip of [vpc.view().tooltip!, eni]) {
      assert.doesNotMatch(tooltip.replace(/`[^`]*`/g, ''), /(^|[^\\])(!\[|\]\(|<img|\*\*Boss)/);
    }
  });

  it('warns about a missing peering route only on route tables that subnets use', async () => {
    const tablesOfVpc1 = async () => rows(await childNamed(await childNamed(new VpcsRoot(testContext(env.factory).context), DEMO.vpc1.name), 'Route tables'));
    // The tutorial's account: the main table, used by subnet 1, lacks the route.
    const [main] = await tablesOfVpc1();
    assert.equal(main?.view.description, 'no route to a peered VPC · main · 2 routes');
    assert.equal(main?.view.icon?.id, 'warning');

    // Subnet 1 gets its own table with the route: the main table routes no subnet, so no warning.
    registerDemoAccount(fake, { ownTableForSubnet1: true });
    const tables = await tablesOfVpc1();
    assert.deepEqual(
      tables.map((r) => [r.view.label, r.view.description, r.view.icon?.id]),
      [
        ['VPC 1 routes', 'main, unused · 2 routes', 'list-tree'],
        ['Subnet 1 routes', '1 subnet · 3 routes', 'list-tree'],
      ],
    );
    assert.match(tables[0]!.view.tooltip ?? '', /Every subnet of the VPC has its own table/);
    assert.ok(!(await rows(tables[0]!.node)).some((r) => String(r.view.label).startsWith('No route')));
  });

  it('turns each kind of failure into an error row a person can act on', async () => {
    const t = testContext(env.factory);
    const root = new VpcsRoot(t.context);
    const cases: [string, string, RegExp][] = [
      ['UnauthorizedOperation', 'Access denied: ec2:DescribeVpcs', /not allowed ec2:DescribeVpcs/],
      ['ExpiredToken', 'Credentials expired: run "aws sso login --profile default"', /have expired/],
      ['RequestLimitExceeded', 'AWS is throttling requests: try again in a minute', /Wait a minute/],
      ['OptInRequired', 'Region not enabled for this account', /not enabled/],
    ];
    for (const [code, label, advice] of cases) {
      fake.on('ec2', 'DescribeVpcs', () => {
        throw new FakeAwsError(code, `${code} from the fake`, 400);
      });
      root.invalidate();
      const [row] = await rows(root);
      assert.ok(row?.node instanceof ErrorNode, `${code}: ${row?.view.label}`);
      assert.equal(row.view.label, label);
      assert.match(row.view.tooltip ?? '', advice);
      assert.equal(row.view.command?.command, COMMANDS.refresh);
    }
    // The retry reloads the view.
    const [row] = await rows(root);
    registerDemoAccount(fake);
    (row!.node as ErrorNode).retry();
    assert.deepEqual(t.changed, [undefined]);
    assert.equal((await rows(root)).length, 3);
  });

  it('says when nothing answers at the endpoint', async () => {
    const unreachable = awsTestEnv({ region: 'us-west-2', endpointUrl: 'http://127.0.0.1:9' }, 1);
    try {
      const [row] = await rows(new VpcsRoot(testContext(unreachable.factory).context));
      assert.equal(row?.view.label, 'AWS could not be reached');
      // (The tooltip is Markdown with the message escaped: `http\://` keeps the URL from becoming a link.)
      assert.match(row.view.tooltip ?? '', /nothing answered at the endpoint URL http\\:\/\/127\.0\.0\.1:9/);
    } finally {
      unreachable.dispose();
    }
  });

  it('shows one error row, not one per failed lookup, when AWS cannot be reached at all', async () => {
    const unreachable = awsTestEnv({ region: 'us-west-2', endpointUrl: 'http://127.0.0.1:9' }, 1);
    try {
      const all = await rows(new LogGroupsRoot(testContext(unreachable.factory).context));
      assert.deepEqual(all.map((r) => r.view.label), ['AWS could not be reached']);
    } finally {
      unreachable.dispose();
    }
  });

  it('leaves the view empty for missing credentials or region, reporting which (the welcome content explains)', async () => {
    const noCreds = awsTestEnv({ profile: 'missing-profile', endpointUrl: fake.url, region: 'us-west-2' }, 1);
    const noRegion = awsTestEnv({ profile: 'noregion', endpointUrl: fake.url }, 1);
    try {
      const a = testContext(noCreds.factory);
      assert.deepEqual(await rows(new VpcsRoot(a.context)), []);
      assert.deepEqual(a.problems, ['noCredentials']);
      const b = testContext(noRegion.factory);
      assert.deepEqual(await rows(new LogGroupsRoot(b.context)), []);
      assert.deepEqual(b.problems, ['noRegion']);
      assert.equal(fake.calls.length, 0, 'no call is made without a region');
    } finally {
      noCreds.dispose();
      noRegion.dispose();
    }
  });

  it('reports a first run (neither credentials nor region) as one problem, not the region first', async () => {
    const nothing = awsTestEnv({ profile: 'never-configured', endpointUrl: fake.url }, 1);
    try {
      const a = testContext(nothing.factory);
      assert.deepEqual(await rows(new VpcsRoot(a.context)), []);
      assert.deepEqual(a.problems, ['noSetup']);
      assert.equal(fake.calls.length, 0, 'no call is made without a region');
    } finally {
      nothing.dispose();
    }
  });

  it('pages interfaces with "Load more", one request per click however often it is clicked', async () => {
    const enis = Array.from({ length: 12 }, (_, i) => `eni-0000000000000${String(i).padStart(4, '0')}`);
    fake.on('ec2', 'DescribeNetworkInterfaces', (params) => {
      const start = Number(params['NextToken'] ?? 0);
      const size = Number(params['MaxResults']);
      if (start === 10 && fake.callsOf('ec2', 'DescribeNetworkInterfaces').length === 3) {
        throw new FakeAwsError('RequestLimitExceeded', 'Request limit exceeded.', 503);
      }
      const page = enis.slice(start, start + size);
      return {
        networkInterfaceSet: page.map((id) => ({ networkInterfaceId: id, vpcId: DEMO.vpc1.id, privateIpAddress: '10.1.0.9', interfaceType: 'interface', status: 'in-use' })),
        nextToken: start + size < enis.length ? String(start + size) : undefined,
      };
    });
    const t = testContext(env.factory);
    t.settings[SETTINGS.pageSize] = 5;
    const folder = await childNamed(await childNamed(new VpcsRoot(t.context), DEMO.vpc1.name), 'Network interfaces');
    let list = await rows(folder);
    assert.equal(list.length, 6);
    const more = list[5]!.node as LoadMoreNode;
    assert.ok(more instanceof LoadMoreNode);
    await Promise.all([more.loadMore(), more.loadMore(), more.loadMore()]);
    assert.equal(fake.callsOf('ec2', 'DescribeNetworkInterfaces').length, 2, 'clicks while loading join the load');
    list = await rows(folder);
    assert.equal(list.length, 11);

    // A failed page keeps what was read and offers a retry of that page.
    await (list[10]!.node as LoadMoreNode).loadMore();
    list = await rows(folder);
    assert.equal(list.length, 11);
    assert.equal(list[10]!.view.label, 'AWS is throttling requests: try again in a minute');
    t.changed.length = 0;
    (list[10]!.node as ErrorNode).retry();
    // The retry re-renders the folder once the page is in (the SDK's adaptive retry may pace it).
    for (let i = 0; i < 100 && !t.changed.includes(folder); i++) {
      await new Promise((r) => setTimeout(r, 50));
    }
    list = await rows(folder);
    assert.deepEqual(list.map((r) => r.view.label), enis);
    for (const call of fake.callsOf('ec2', 'DescribeNetworkInterfaces')) {
      assert.equal(call.params['Filter.1.Name'], 'vpc-id');
      assert.equal(call.params['MaxResults'], '5');
    }
  });

  it('filters VPCs by name, id, CIDR, or by an interface they hold', async () => {
    const t = testContext(env.factory);
    const root = new VpcsRoot(t.context);
    t.filter = '10.2.15';
    const [vpc] = await rows(root);
    assert.equal(vpc?.view.label, DEMO.vpc2.name);
    assert.equal(vpc.view.collapsible, 'expanded');
    assert.deepEqual((await rows(vpc.node)).map((r) => r.view.label), ['Network interfaces']);
    t.filter = 'vpc 1';
    assert.deepEqual((await rows(root)).map((r) => r.view.label), [DEMO.vpc1.name]);
    t.filter = 'nothing-like-this';
    assert.deepEqual((await rows(root)).map((r) => r.view.label), ['No VPC or network interface matches the filter']);
  });

  it('lists flow log groups first and marks a group a flow log has not created yet', async () => {
    fake.on('ec2', 'DescribeFlowLogs', () => ({
      flowLogSet: [
        { flowLogId: 'fl-1', resourceId: DEMO.vpc1.id, trafficType: 'ALL', logDestinationType: 'cloud-watch-logs', logGroupName: DEMO.flowLogGroup, flowLogStatus: 'ACTIVE' },
        { flowLogId: 'fl-2', resourceId: DEMO.vpc2.id, trafficType: 'REJECT', logDestinationType: 'cloud-watch-logs', logGroupName: 'AwaitingFirstDelivery', flowLogStatus: 'ACTIVE' },
        { flowLogId: 'fl-3', resourceId: DEMO.vpc2.id, trafficType: 'ALL', logDestinationType: 's3', logDestination: 'arn:aws:s3:::bucket', flowLogStatus: 'ACTIVE' },
      ],
    }));
    const t = testContext(env.factory, 'logGroups');
    const list = await rows(new LogGroupsRoot(t.context));
    assert.deepEqual(list.map((r) => r.view.label), ['AwaitingFirstDelivery', DEMO.flowLogGroup, DEMO.otherGroup]);
    assert.equal(list[0]!.view.description, 'flow logs · not created yet');
    assert.equal(list[0]!.view.collapsible, 'none');
    assert.equal(list[1]!.view.contextValue, 'vpcFlowLogs.logGroup+flowLogs+arn');
    assert.equal(list[2]!.view.contextValue, 'vpcFlowLogs.logGroup+arn');

    t.settings[SETTINGS.showAllLogGroups] = false;
    const only = new LogGroupsRoot(t.context);
    assert.deepEqual((await rows(only)).map((r) => r.view.label), ['AwaitingFirstDelivery', DEMO.flowLogGroup]);
  });

  it('asks the server to filter other log groups by name', async () => {
    const t = testContext(env.factory, 'logGroups');
    t.filter = 'lambda';
    assert.deepEqual((await rows(new LogGroupsRoot(t.context))).map((r) => r.view.label), [DEMO.otherGroup]);
    assert.equal(fake.callsOf('logs', 'DescribeLogGroups').at(-1)?.params['logGroupNamePattern'], 'lambda');
  });

  it('shows a group\'s streams newest first, each with its last event time', async () => {
    const t = testContext(env.factory, 'logGroups');
    const group = (await childNamed(new LogGroupsRoot(t.context), DEMO.flowLogGroup)) as LogGroupNode;
    const [stream] = await rows(group);
    assert.equal(stream?.view.label, DEMO.flowLogStream);
    assert.match(stream.view.description ?? '', /ago/);
    assert.match(stream.view.tooltip ?? '', /Last event \| 2024-11-27 09:10:08 UTC/);
    assert.equal(stream.view.contextValue, 'vpcFlowLogs.logStream+eni+flowLogs+arn');
  });
});

describe('Explorer pure parts', () => {
  it('finds a peered CIDR that a route table does not send through the peering connection', () => {
    const peering = {
      id: 'pcx-1',
      name: undefined,
      status: 'active',
      statusMessage: undefined,
      requester: { vpcId: 'vpc-a', cidrs: ['10.1.0.0/16'], ownerId: '1', region: 'us-west-2' },
      accepter: { vpcId: 'vpc-b', cidrs: ['10.2.0.0/16', '10.3.0.0/16'], ownerId: '1', region: 'us-west-2' },
    };
    const table = (routes: [string, string][]) => ({
      id: 'rtb-1',
      vpcId: 'vpc-a',
      name: undefined,
      main: true,
      subnetIds: [],
      ownerId: '1',
      routes: routes.map(([destination, target]) => ({ destination, target, state: 'active', origin: 'CreateRoute' })),
    });
    assert.deepEqual(
      missingPeeringRoutes(table([['10.1.0.0/16', 'local']]), 'vpc-a', [peering]).map((m) => m.cidr),
      ['10.2.0.0/16', '10.3.0.0/16'],
    );
    assert.deepEqual(
      missingPeeringRoutes(table([['10.2.0.0/16', 'pcx-1'], ['10.3.5.0/24', 'pcx-1']]), 'vpc-a', [peering]).map((m) => m.cidr),
      [],
      'a narrower route still reaches the peer',
    );
    assert.deepEqual(
      missingPeeringRoutes(table([['10.2.0.0/16', 'igw-1']]), 'vpc-a', [peering]).map((m) => m.cidr),
      ['10.2.0.0/16', '10.3.0.0/16'],
      'a route to another target does not count',
    );
    assert.deepEqual(missingPeeringRoutes(table([]), 'vpc-a', [{ ...peering, status: 'pending-acceptance' }]), []);
  });

  it('counts a main route table as used only while a subnet has no table of its own', () => {
    const table = (id: string, main: boolean, subnetIds: string[]) => ({ id, vpcId: 'vpc-a', name: undefined, main, subnetIds, ownerId: '1', routes: [] });
    const subnet = (id: string): SubnetInfo => ({ id, vpcId: 'vpc-a', name: undefined, cidr: undefined, availabilityZone: undefined, availableIps: undefined, mapPublicIpOnLaunch: false, arn: undefined });
    const main = table('rtb-main', true, []);
    const own = table('rtb-own', false, ['subnet-1']);
    const spare = table('rtb-spare', false, []);
    const tables = [main, own, spare];
    assert.equal(routeTableInUse(main, tables, [subnet('subnet-1')]), false, 'every subnet has its own table');
    assert.equal(routeTableInUse(main, tables, [subnet('subnet-1'), subnet('subnet-2')]), true, 'subnet 2 falls back to the main table');
    assert.equal(routeTableInUse(main, tables, undefined), true, 'unknown subnets: keep the warning');
    assert.equal(routeTableInUse(own, tables, []), true);
    assert.equal(routeTableInUse(spare, tables, [subnet('subnet-1')]), false);
  });

  it('keeps one page load in flight and remembers a failure without throwing', async () => {
    let calls = 0;
    let fail = false;
    const list = new PagedList<number>(async (token) => {
      calls++;
      await new Promise((r) => setTimeout(r, 10));
      if (fail) {
        throw new Error('boom');
      }
      const start = Number(token ?? 0);
      return { items: [start, start + 1], nextToken: start < 2 ? String(start + 2) : undefined };
    });
    await Promise.all([list.ensureFirstPage(), list.ensureFirstPage(), list.loadMore()]);
    assert.equal(calls, 1);
    fail = true;
    await list.loadMore();
    assert.equal((list.error as Error).message, 'boom');
    assert.deepEqual(list.items, [0, 1]);
    fail = false;
    await list.loadMore();
    assert.deepEqual(list.items, [0, 1, 2, 3]);
    assert.equal(list.hasMore, false);
    await list.loadMore();
    assert.equal(calls, 3, 'no call after the last page');
  });

  it('gives every node of a tree a unique id', async () => {
    const fake = registerDemoAccount(await new FakeAws().start());
    const env = awsTestEnv({ region: 'us-west-2', endpointUrl: fake.url }, 1);
    try {
      const ids = new Set<string>();
      const walk = async (node: ExplorerNode): Promise<void> => {
        for (const child of (await node.children?.()) ?? []) {
          assert.ok(!ids.has(child.id), `duplicate id ${child.id}`);
          ids.add(child.id);
          await walk(child);
        }
      };
      await walk(new VpcsRoot(testContext(env.factory).context));
      assert.ok(ids.size > 20, `only ${ids.size} nodes`);
    } finally {
      env.dispose();
      await fake.stop();
    }
  });
});

describe('Explorer nodes with the SDK stubbed at the client', () => {
  const createMocks = () => ({ ec2: mockClient(EC2Client), logs: mockClient(CloudWatchLogsClient) });
  let mocks: ReturnType<typeof createMocks>;
  let env: ReturnType<typeof awsTestEnv>;

  before(() => {
    mocks = createMocks();
  });
  beforeEach(() => {
    mocks.ec2.reset();
    mocks.logs.reset();
    mocks.ec2.on(DescribeFlowLogsCommand).resolves({ FlowLogs: [] });
    env = awsTestEnv({ region: 'us-west-2' }, 1);
  });
  afterEach(() => env.dispose());
  after(() => {
    mocks.ec2.restore();
    mocks.logs.restore();
  });

  it('tells to run "aws sso login" when the SSO session has expired', async () => {
    mocks.ec2.on(DescribeVpcsCommand).rejects(
      Object.assign(new Error('The SSO session associated with this profile has expired or is otherwise invalid. To refresh this SSO session run aws sso login with the corresponding profile.'), {
        name: 'CredentialsProviderError',
      }),
    );
    const [row] = await rows(new VpcsRoot(testContext(env.factory).context));
    assert.equal(row?.view.label, 'Credentials expired: run "aws sso login --profile default"');
  });

  it('pages VPCs across an empty page and ends on a repeated token', async () => {
    mocks.ec2
      .on(DescribeVpcsCommand)
      .resolvesOnce({ Vpcs: [{ VpcId: 'vpc-a', CidrBlock: '10.0.0.0/16' }], NextToken: 't1' })
      .resolvesOnce({ Vpcs: [], NextToken: 't2' })
      .resolvesOnce({ Vpcs: [{ VpcId: 'vpc-b', CidrBlock: '10.9.0.0/16' }], NextToken: 't2' });
    const t = testContext(env.factory);
    const root = new VpcsRoot(t.context);
    let list = await rows(root);
    assert.deepEqual(list.map((r) => r.view.label), ['vpc-a', 'Load more…']);
    await (list[1]!.node as LoadMoreNode).loadMore();
    list = await rows(root);
    assert.deepEqual(list.map((r) => r.view.label), ['vpc-a', 'Load more…'], 'an empty page may come before more VPCs');
    await (list[1]!.node as LoadMoreNode).loadMore();
    list = await rows(root);
    assert.deepEqual(list.map((r) => r.view.label), ['vpc-a', 'vpc-b'], 'the repeated token ends the list');
    const tokens = mocks.ec2.commandCalls(DescribeVpcsCommand).map((c) => (c.args[0].input as { NextToken?: string }).NextToken);
    assert.deepEqual(tokens, [undefined, 't1', 't2']);
  });

  it('shows a log group\'s streams newest activity first, 50 per page, with "Load more"', async () => {
    mocks.ec2.on(DescribeFlowLogsCommand).resolves({ FlowLogs: [{ FlowLogId: 'fl-1', ResourceId: 'vpc-1', TrafficType: 'ALL', LogDestinationType: 'cloud-watch-logs', LogGroupName: 'G' }] });
    mocks.logs.on(DescribeLogGroupsCommand).resolves({ logGroups: [{ logGroupName: 'G', arn: 'arn:aws:logs:us-west-2:1:log-group:G:*' }] });
    mocks.logs.on(DescribeLogStreamsCommand).callsFake((input: { nextToken?: string }) => {
      const start = Number(input.nextToken ?? 0);
      return {
        logStreams: Array.from({ length: 50 }, (_, i) => ({ logStreamName: `eni-${String(start + i).padStart(8, '0')}-all`, lastEventTimestamp: Date.now() - (start + i) * 60_000 })),
        nextToken: start < 50 ? String(start + 50) : undefined,
      };
    });
    const t = testContext(env.factory, 'logGroups');
    t.settings[SETTINGS.showAllLogGroups] = false;
    const group = await childNamed(new LogGroupsRoot(t.context), 'G');
    let streams = await rows(group);
    assert.equal(streams.length, 51);
    assert.equal(streams[0]!.view.label, 'eni-00000000-all');
    await (streams[50]!.node as LoadMoreNode).loadMore();
    streams = await rows(group);
    assert.equal(streams.length, 100);
    const inputs = mocks.logs.commandCalls(DescribeLogStreamsCommand).map((c) => c.args[0].input);
    assert.ok(inputs.every((i) => i.orderBy === 'LastEventTime' && i.descending === true && i.limit === 50));
  });
});
