import { expect } from 'chai';
import { CommandError } from '../../src/plugin/command-error.js';

/**
 * Runs `decide`, expects it to throw a CommandError with exactly `message` (and `hint` when
 * given): the texts are oc's and kubectl's, which users search for, so they are compared whole.
 */
export function expectCommandError(decide: () => unknown, message: string, hint?: string): void {
  let caught: unknown;
  try {
    decide();
  } catch (err) {
    caught = err;
  }
  expect(caught).to.be.instanceOf(CommandError);
  expect((caught as CommandError).message).to.equal(message);
  if (hint !== undefined) expect((caught as CommandError).hint).to.equal(hint);
}
