import * as assert from 'node:assert/strict';
import { runSteps, type Step } from '../../../src/setup/prompter';
import { BACK, CANCEL, ScriptedPrompter } from './scriptedPrompter';

describe('Setup: multi-step runner', () => {
  interface State {
    a?: string;
    b?: string;
    c?: string;
  }
  const choices = (...labels: string[]) => labels.map((l) => ({ label: l, value: l }));
  const a: Step<State> = async (input, s) => {
    s.a = await input.pick({ id: 'a', title: 'T', items: choices('a1', 'a2'), active: s.a });
    return s.a === 'a2' ? c : b;
  };
  const b: Step<State> = async (input, s) => {
    s.b = await input.input({ id: 'b', title: 'T', prompt: 'b?', value: s.b });
    return c;
  };
  const c: Step<State> = async (input, s) => {
    s.c = await input.pick({ id: 'c', title: 'T', items: choices('c1') });
    return undefined;
  };

  it('numbers the steps, goes back with Back and follows the new branch', async () => {
    const prompter = new ScriptedPrompter({ a: ['a1', 'a2'], b: ['x', BACK], c: [BACK, 'c1'] });
    const state: State = {};
    assert.equal(await runSteps(prompter, state, a), true);
    // No total: it would change with the branch taken (3 steps, then 2).
    assert.deepEqual(prompter.asked.map((q) => `${q.id} ${q.step}/${q.totalSteps}`), ['a 1/undefined', 'b 2/undefined', 'c 3/undefined', 'b 2/undefined', 'a 1/undefined', 'c 2/undefined']);
    assert.equal(prompter.of('b')[1]!.message, 'x', 'the previous answer is offered again');
    assert.deepEqual(state, { a: 'a2', b: 'x', c: 'c1' });
  });

  it('stops on cancel at any step', async () => {
    const prompter = new ScriptedPrompter({ a: 'a1', b: CANCEL });
    assert.equal(await runSteps(prompter, {}, a), false);
  });

  it('lets other errors through', async () => {
    const failing: Step<State> = () => Promise.reject(new Error('boom'));
    await assert.rejects(runSteps(new ScriptedPrompter(), {}, failing), /boom/);
  });
});
