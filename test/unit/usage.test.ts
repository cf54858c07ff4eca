import * as assert from 'node:assert/strict';
import { resolveBaseUrl } from '../../src/postman/baseUrl';
import { describeLine, describeRateLimit, formatPercent, mostUsed, operationLabel, overThreshold, percentOf, usageLines } from '../../src/usage/usage';

const ops = [
  { name: 'mock_usage', limit: 1000000, usage: 79948, overage: 0 },
  { name: 'api_usage', limit: 1000000, usage: 10788, overage: 0 },
  { name: 'api_object_usage', limit: 0, usage: 12, overage: 0 },
];

describe('API usage', () => {
  it('puts the API-call quota first, with percentages of each limit', () => {
    const lines = usageLines(ops, 1000, undefined);
    assert.deepEqual(lines.map((l) => l.name), ['api_usage', 'mock_usage', 'api_object_usage']);
    assert.equal(lines[0].label, 'Postman API calls');
    assert.ok(Math.abs((lines[0].percent ?? 0) - 1.0788) < 1e-9);
    assert.equal(lines[2].percent, undefined, 'no limit, no percentage');
  });

  it('takes the fresher API-call count from the monthly rate-limit headers', () => {
    const seen = { limitMonth: 1000000, remainingMonth: 50000, at: 2000 };
    const [calls] = usageLines(ops, 1000, seen);
    assert.equal(calls.usage, 950000);
    assert.equal(calls.percent, 95);
    const [older] = usageLines(ops, 3000, seen);
    assert.equal(older.usage, 10788, '/me read after the headers wins');
  });

  it('shows the API-call line from headers alone before /me was read', () => {
    assert.deepEqual(usageLines(undefined, undefined, { limitMonth: 100, remainingMonth: 25, at: 1 }).map((l) => [l.name, l.usage, l.limit]), [['api_usage', 75, 100]]);
    assert.deepEqual(usageLines(undefined, undefined, { remaining: 3, at: 1 }), []);
  });

  it('flags lines at or past 90 %', () => {
    const lines = usageLines([{ name: 'api_usage', limit: 100, usage: 90 }, { name: 'mock_usage', limit: 100, usage: 89.9 }], 1, undefined);
    assert.deepEqual(overThreshold(lines).map((l) => l.name), ['api_usage']);
  });

  it('names only the fullest few of thousands of operations, the API-call quota first', () => {
    const many = Array.from({ length: 5000 }, (_, i) => ({ name: `op_${i}`, limit: 1000, usage: i % 1000 }));
    const lines = usageLines([...many, { name: 'api_usage', limit: 100, usage: 1 }], 1, undefined);
    const { shown, more } = mostUsed(lines, 3);
    assert.deepEqual(shown.map((l) => l.name), ['api_usage', 'op_999', 'op_1999']);
    assert.equal(more, 5001 - 3);
    assert.deepEqual(mostUsed(lines.slice(0, 2), 3), { shown: lines.slice(0, 2), more: 0 });
  });

  it('words it for people', () => {
    assert.equal(operationLabel('monitor_request_runs'), 'Monitor requests');
    assert.equal(operationLabel('some_new_thing'), 'Some new thing');
    assert.equal(percentOf(5, 0), undefined);
    assert.equal(formatPercent(1.0788), '1.1 %');
    assert.equal(formatPercent(95.4), '95 %');
    assert.equal(formatPercent(0.01), '<0.1 %');
    assert.equal(formatPercent(undefined), 'no limit');
    assert.equal(describeLine(usageLines(ops, 1, undefined)[0]), '10,788 of 1,000,000 (1.1 %)');
    assert.equal(describeRateLimit({ limit: 10, remaining: 8, resetSeconds: 6, at: 1 }), '8 of 10 requests left in the current window, resets in 6 s');
    assert.equal(describeRateLimit(undefined), undefined);
  });
});

describe('region and base URL', () => {
  it('uses the region when no base URL is set', () => {
    assert.equal(resolveBaseUrl(undefined, undefined), 'https://api.getpostman.com');
    assert.equal(resolveBaseUrl('', 'us'), 'https://api.getpostman.com');
    assert.equal(resolveBaseUrl('  ', 'eu'), 'https://api.eu.postman.com');
    assert.equal(resolveBaseUrl(undefined, 'mars'), 'https://api.getpostman.com');
  });

  it('lets an explicit base URL win, validated (https except loopback)', () => {
    assert.equal(resolveBaseUrl('https://proxy.example.com/postman/', 'eu'), 'https://proxy.example.com/postman');
    assert.equal(resolveBaseUrl('http://127.0.0.1:8080', 'eu'), 'http://127.0.0.1:8080');
    assert.throws(() => resolveBaseUrl('http://api.example.com', 'us'), /plain http/);
  });
});
