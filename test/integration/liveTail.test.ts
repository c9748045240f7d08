import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { VpcFlowLogsApi } from '../../src/extension';
import type { ProbedElement } from '../../src/viewer/protocol';
import { DEMO, DEMO_ACCOUNT_ID, registerDemoAccount } from '../fixtures/demoAccount';
import { registerLiveTail, type LiveTailFake } from '../fixtures/liveTailFake';
import { FakeAws } from './fakeAws';
import { activateExtension, waitFor } from './helpers';

const config = (): vscode.WorkspaceConfiguration => vscode.workspace.getConfiguration('vpcFlowLogs');
const setSetting = async (key: string, value: unknown): Promise<void> => config().update(key, value, vscode.ConfigurationTarget.Global);

// Live Tail in the real extension host: the command on a tree reference, the viewer drawing records the
// fake streams over the real SDK's event stream, the live bar, and Stop closing the connection.
describe('Live Tail', () => {
  const fake = new FakeAws();
  let api: VpcFlowLogsApi;
  let tail: LiveTailFake;
  const id = `livetail:us-west-2/${DEMO.flowLogGroup}/*`;

  const query = async (selector: string): Promise<ProbedElement[]> => (await api.viewer.probe(id, { kind: 'query', selector })) as ProbedElement[];
  const text = async (selector: string): Promise<string> => (await query(selector))[0]?.text.trim() ?? '';
  const waitForText = async (selector: string, expected: string | RegExp): Promise<string> => {
    let last = '';
    await waitFor(async () => {
      last = await text(selector);
      return typeof expected === 'string' ? last === expected : expected.test(last);
    }, `${selector} to read ${String(expected)} (last "${last}")`, 15_000);
    return last;
  };

  before(async () => {
    api = await activateExtension();
    registerDemoAccount(await fake.start());
    tail = registerLiveTail(fake, { logGroups: [DEMO.flowLogGroup] });
    await setSetting('endpointUrl', fake.url);
    await setSetting('region', 'us-west-2');
    await setSetting('liveTail.confirmStart', false);
  });

  after(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await setSetting('endpointUrl', undefined);
    await setSetting('region', undefined);
    await setSetting('liveTail.confirmStart', undefined);
    await fake.stop();
  });

  it('streams records into the viewer as the fake sends them, shows the session live, and Stop closes the connection', async () => {
    await vscode.commands.executeCommand('vpcFlowLogs.startLiveTail', { kind: 'logGroup', name: DEMO.flowLogGroup, region: 'us-west-2' });
    await waitFor(() => api.viewer.openPanels.has(id), 'a viewer panel on the Live Tail session');
    const session = await tail.waitForSession(1);
    assert.deepEqual(session.logGroupIdentifiers, [`arn:aws:logs:us-west-2:${DEMO_ACCOUNT_ID}:log-group:${DEMO.flowLogGroup}`]);
    await waitForText('.live-state', 'Live');

    tail.emitRate(6);
    await waitForText('.count', '6 records');
    const rejects = await query('.row.reject .k-action');
    assert.ok(rejects.length >= 1 && rejects.every((r) => r.text.includes('REJECT')), 'REJECT rows are marked');
    tail.emitRate(900);
    await waitForText('.count', '506 records');
    await waitFor(async () => (await query('.live-sampled')).some((e) => !('hidden' in e.attributes)), 'the Sampled badge');
    assert.match(await text('.live-rate'), /events\/s$/);

    await api.viewer.probe(id, { kind: 'click', selector: '.live-actions .btn:nth-child(2)' });
    await tail.waitForClose(session);
    assert.equal(session.closedBy, 'client');
    assert.equal(tail.log.at(-1), `close ${session.id} by client`);
    await waitForText('.live-state', 'Stopped');
    assert.equal(await text('.count'), '506 records', 'the records stay after Stop');
  });

  it('starts again in the same panel when started on the same group, and ends the session when the panel closes', async () => {
    await vscode.commands.executeCommand('vpcFlowLogs.startLiveTail', { kind: 'logGroup', name: DEMO.flowLogGroup, region: 'us-west-2' });
    const session = await tail.waitForSession(2);
    await waitForText('.live-state', 'Live');
    assert.equal(api.viewer.openPanels.size, 1, 'one panel for the group');
    tail.emitRate(2);
    await waitForText('.count', '508 records');
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await tail.waitForClose(session);
    assert.equal(session.closedBy, 'client');
    assert.equal(tail.log.at(-1), `close ${session.id} by client`);
  });
});
