import type { AwsClientFactory } from '../../../src/aws/clientFactory';
import { Ec2Api } from '../../../src/aws/ec2';
import { Ec2NetworkApi } from '../../../src/aws/ec2Network';
import { LogsApi } from '../../../src/aws/logs';
import { S3Api } from '../../../src/aws/s3';
import type { ConnectionProblem, ExplorerContext, ViewKind } from '../../../src/explorer/context';
import { Inventory } from '../../../src/explorer/inventory';
import type { ExplorerNode, NodeView } from '../../../src/explorer/nodes/base';

/** A node context over a client factory, recording what the nodes ask of their view. */
export interface TestContext {
  readonly context: ExplorerContext;
  readonly changed: (ExplorerNode | undefined)[];
  readonly problems: (ConnectionProblem | undefined)[];
  readonly logged: string[];
  settings: Record<string, unknown>;
  filter: string;
  /** Whether the setup area offers "Create flow log". */
  canCreateFlowLog: boolean;
  /** VPCs whose network the nodes dropped (a refresh). */
  readonly forgotten: string[];
}

export function testContext(factory: AwsClientFactory, view: ViewKind = 'vpcs'): TestContext {
  const ec2 = new Ec2Api(factory);
  const ec2Network = new Ec2NetworkApi(factory);
  const state: TestContext = {
    changed: [],
    problems: [],
    logged: [],
    settings: {},
    filter: '',
    canCreateFlowLog: false,
    forgotten: [],
    context: undefined as unknown as ExplorerContext,
  };
  (state as { context: ExplorerContext }).context = {
    view,
    ec2,
    logs: new LogsApi(factory),
    s3: new S3Api(factory),
    inventory: new Inventory(ec2, (m) => state.logged.push(m)),
    connection: () => factory.connection(),
    credentialsConfigured: () => factory.credentialsConfigured(),
    setting: <T>(key: string, fallback: T): T => (key in state.settings ? (state.settings[key] as T) : fallback),
    changed: (node) => state.changed.push(node),
    filterText: () => state.filter,
    setConnectionProblem: (problem) => state.problems.push(problem),
    trusted: () => true,
    canCreateFlowLog: () => state.canCreateFlowLog,
    network: (vpcId) => ec2Network.network(vpcId),
    forgetNetwork: (vpcId) => state.forgotten.push(vpcId),
    log: (message) => state.logged.push(message),
  };
  return state;
}

/** The rows under a node as (label, description) views. */
export async function rows(node: ExplorerNode): Promise<{ node: ExplorerNode; view: NodeView }[]> {
  return (await node.children!()).map((n) => ({ node: n, view: n.view() }));
}

/** The child whose label is `label` (fails the test if missing). */
export async function childNamed(node: ExplorerNode, label: string): Promise<ExplorerNode> {
  const all = await rows(node);
  const found = all.find((r) => r.view.label === label);
  if (!found) {
    throw new Error(`no child "${label}" among: ${all.map((r) => r.view.label).join(', ')}`);
  }
  return found.node;
}
