import * as assert from 'node:assert/strict';
import { type InsightsQueryClient, type QueryResultsPage, type QueryStatus, type StartQueryInput, pollDelays, runQuery } from '../../../src/insights/core/poll';

const INPUT: StartQueryInput = { logGroupNames: ['VPCFlowLogsGroup'], queryString: 'stats count(*) by srcAddr', startTime: 100, endTime: 200, limit: 10_000 };

const row = (addr: string, n: number): { field: string; value: string }[] => [
  { field: 'srcAddr', value: addr },
  { field: 'count(*)', value: String(n) },
];

const page = (status: QueryStatus, rows = 0, extra: Partial<QueryResultsPage> = {}): QueryResultsPage => ({
  status,
  results: Array.from({ length: rows }, (_, i) => row(`10.0.0.${i}`, i)),
  statistics: { recordsMatched: rows * 10, recordsScanned: rows * 100, bytesScanned: rows * 1000 },
  ...extra,
});

/** A client answering GetQueryResults from a script; records every call. */
class ScriptedClient implements InsightsQueryClient {
  readonly calls: string[] = [];
  stopped = false;
  constructor(
    private readonly script: (QueryResultsPage | Error)[],
    private readonly pages: Readonly<Record<string, QueryResultsPage>> = {},
  ) {}
  startQuery(input: StartQueryInput): Promise<string> {
    this.calls.push(`start ${input.logGroupNames.join(',')} ${input.limit}`);
    return Promise.resolve('q-1');
  }
  getQueryResults(queryId: string, nextToken?: string): Promise<QueryResultsPage> {
    this.calls.push(nextToken ? `get ${queryId} ${nextToken}` : `get ${queryId}`);
    if (nextToken) {
      return Promise.resolve(this.pages[nextToken]!);
    }
    const next = this.script.length > 1 ? this.script.shift()! : this.script[0]!;
    return next instanceof Error ? Promise.reject(next) : Promise.resolve(next);
  }
  stopQuery(queryId: string): Promise<boolean> {
    this.calls.push(`stop ${queryId}`);
    this.stopped = true;
    return Promise.resolve(true);
  }
}

/** A fake clock and sleep: sleeping advances the clock at once. */
function fakeTime(): { sleeps: number[]; sleep: (ms: number) => Promise<void>; now: () => number } {
  let t = 0;
  const sleeps: number[] = [];
  return {
    sleeps,
    now: () => t,
    sleep: (ms: number) => {
      sleeps.push(ms);
      t += ms;
      return Promise.resolve();
    },
  };
}

describe('Insights poll loop', () => {
  it('polls with a growing delay until Complete, reporting progress', async () => {
    const client = new ScriptedClient([page('Scheduled'), page('Running', 2), page('Running', 5), page('Running', 7), page('Complete', 9)]);
    const time = fakeTime();
    const progress: string[] = [];
    const outcome = await runQuery(client, INPUT, { ...time, onProgress: (p) => progress.push(`${p.status}:${p.rows.length}:${p.statistics.recordsScanned ?? 0}`) });
    assert.equal(outcome.status, 'Complete');
    assert.equal(outcome.rows.length, 9);
    assert.equal(outcome.truncated, false);
    assert.equal(outcome.cancelledByUser, false);
    assert.deepEqual(outcome.statistics, { recordsMatched: 90, recordsScanned: 900, bytesScanned: 9000 });
    assert.deepEqual(time.sleeps, [500, 750, 1125, 1688]);
    assert.equal(outcome.elapsedMs, 500 + 750 + 1125 + 1688);
    assert.deepEqual(progress, ['Scheduled:0:0', 'Running:2:200', 'Running:5:500', 'Running:7:700', 'Complete:9:900']);
    assert.deepEqual(client.calls, ['start VPCFlowLogsGroup 10000', 'get q-1', 'get q-1', 'get q-1', 'get q-1', 'get q-1']);
    assert.ok(!client.stopped, 'a completed query is not stopped');
  });

  it('caps the delay', () => {
    assert.deepEqual(pollDelays(500, 1.5, 5000, 9), [500, 750, 1125, 1688, 2531, 3797, 5000, 5000, 5000]);
  });

  for (const status of ['Failed', 'Cancelled', 'Timeout', 'Unknown'] as const) {
    it(`ends on ${status} with the rows so far`, async () => {
      const client = new ScriptedClient([page('Running', 3), page(status, 3)]);
      const outcome = await runQuery(client, INPUT, fakeTime());
      assert.equal(outcome.status, status);
      assert.equal(outcome.rows.length, 3);
      assert.equal(outcome.truncated, false);
      assert.equal(outcome.cancelledByUser, false);
      assert.ok(!client.stopped);
    });
  }

  it('calls StopQuery when cancelled, and keeps the partial rows', async () => {
    const controller = new AbortController();
    const client = new ScriptedClient([page('Running', 4)]);
    const time = fakeTime();
    const outcome = await runQuery(client, INPUT, {
      ...time,
      signal: controller.signal,
      onProgress: (p) => {
        if (p.rows.length === 4) {
          controller.abort();
        }
      },
    });
    assert.equal(outcome.status, 'Cancelled');
    assert.ok(outcome.cancelledByUser);
    assert.equal(outcome.rows.length, 4);
    assert.deepEqual(client.calls, ['start VPCFlowLogsGroup 10000', 'get q-1', 'stop q-1']);
  });

  it('stops a query cancelled while StartQuery was in flight, once its id is known', async () => {
    const controller = new AbortController();
    const client = new ScriptedClient([page('Running')]);
    const startQuery = client.startQuery.bind(client);
    client.startQuery = (input) => {
      controller.abort(); // The user cancels before StartQuery has answered.
      return startQuery(input);
    };
    const started: string[] = [];
    const outcome = await runQuery(client, INPUT, { ...fakeTime(), signal: controller.signal, onStarted: (id) => started.push(id) });
    assert.equal(outcome.status, 'Cancelled');
    assert.deepEqual(started, ['q-1']);
    assert.deepEqual(client.calls, ['start VPCFlowLogsGroup 10000', 'stop q-1']);
  });

  it('stops a query that was cancelled before the first poll', async () => {
    const controller = new AbortController();
    controller.abort();
    const client = new ScriptedClient([page('Running')]);
    const outcome = await runQuery(client, INPUT, { ...fakeTime(), signal: controller.signal });
    assert.equal(outcome.status, 'Cancelled');
    assert.deepEqual(client.calls, ['start VPCFlowLogsGroup 10000', 'stop q-1']);
  });

  it('retries failed polls, then stops the query and reports the error', async () => {
    const throttled = Object.assign(new Error('Rate exceeded'), { name: 'ThrottlingException' });
    const recovering = new ScriptedClient([throttled, throttled, page('Complete', 1)]);
    const outcome = await runQuery(recovering, INPUT, fakeTime());
    assert.equal(outcome.status, 'Complete');
    assert.ok(!recovering.stopped);

    const failing = new ScriptedClient([page('Running'), throttled]);
    await assert.rejects(runQuery(failing, INPUT, { ...fakeTime(), maxPollFailures: 2 }), /Rate exceeded/);
    assert.ok(failing.stopped, 'a query whose polling failed must not keep running');
    assert.equal(failing.calls.filter((c) => c.startsWith('get')).length, 4);
  });

  it('says when the rows stop at the limit', async () => {
    const client = new ScriptedClient([page('Complete', 10)]);
    const outcome = await runQuery(client, { ...INPUT, limit: 10 }, fakeTime());
    assert.equal(outcome.truncated, true);
    assert.equal(outcome.limit, 10);
  });

  it('fetches the further pages of a large result, up to the limit', async () => {
    const client = new ScriptedClient([page('Complete', 4, { nextToken: 't1' })], { t1: page('Complete', 4, { nextToken: 't2' }), t2: page('Complete', 4) });
    const outcome = await runQuery(client, { ...INPUT, limit: 10 }, fakeTime());
    assert.equal(outcome.rows.length, 10);
    assert.ok(outcome.truncated);
    assert.deepEqual(client.calls.slice(1), ['get q-1', 'get q-1 t1', 'get q-1 t2']);
  });
});
