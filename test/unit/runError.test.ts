import * as assert from 'node:assert/strict';
import { PostmanError } from '../../src/postman/errors';
import { RunError, runFailure } from '../../src/runs/model/runError';

describe('runFailure: the words for a send or run that could not start', () => {
  it("gives a RunError's own words, not 'Unexpected error'", () => {
    const err = new RunError('The environment "Local" could not be loaded.');
    assert.equal(runFailure(err), 'The environment "Local" could not be loaded.');
    assert.equal(err.name, 'RunError');
    assert.ok(err instanceof Error);
  });

  it("words anything else as the client does: a Postman error by its kind, a bug as unexpected", () => {
    assert.equal(runFailure(new Error('boom')), 'Unexpected error: boom');
    assert.match(runFailure(new PostmanError('notFound', 'gone', { status: 404 })), /^Not found in Postman \(404\)/);
  });
});
