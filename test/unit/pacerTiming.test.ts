import * as assert from 'node:assert/strict';
import { getEventListeners } from 'node:events';
import { PostmanError } from '../../src/postman';
import { classify, Pacer, type PacedRequest, type WaitInfo } from '../../src/postman/pacer';
import { memoryLog, rejectsWith } from './assertions';
import { JumpClock, ManualClock, settle } from './clocks';

/**
 * How long the pacer waits, to the millisecond, on a fake clock: after a 429 with and
 * without Retry-After, at the cap, and in what order waiting requests go out.
 */
const ws = (credentialId = 'a', signal?: AbortSignal): PacedRequest => ({ credentialId, method: 'GET', path: '/workspaces', ...(signal ? { signal } : {}) });
const me = (credentialId = 'a'): PacedRequest => ({ credentialId, method: 'GET', path: '/me' });
const rateLimited = (retryAfterSeconds?: number) =>
  new PostmanError('rateLimited', 'Rate limit exceeded', { status: 429, ...(retryAfterSeconds !== undefined ? { retryAfterSeconds } : {}) });

/** A send that answers 429 `times` times (with `retryAfter`), then `ok`; records when each attempt went out. */
function flaky(clock: { now(): number }, times: number, retryAfter?: number) {
  const at: number[] = [];
  let left = times;
  const send = async (): Promise<string> => {
    at.push(clock.now());
    if (left-- > 0) {
      throw rateLimited(retryAfter);
    }
    return 'ok';
  };
  return { at, send, offsets: () => at.map((t) => t - at[0]) };
}

describe('Pacer buckets', () => {
  it('classifies by path without query or trailing slash, whatever the method case', () => {
    const names = (m: string, p: string) => classify(m, p).map((b) => b.name);
    assert.deepEqual(names('get', '/workspaces/'), ['workspaces.list', 'global']);
    assert.deepEqual(names('get', '/workspaces/abc/'), ['workspaces.get', 'global']);
    assert.deepEqual(names('GET', '/workspaces/abc/tags'), ['global']);
    assert.deepEqual(names('POST', '/workspaces'), ['global']);
    assert.deepEqual(names('GET', '/collections/?workspace=1'), ['collections.list', 'global']);
    assert.deepEqual(names('POST', '/collections'), ['global']);
    assert.deepEqual(names('DELETE', '/monitors/m1'), ['monitors', 'global']);
    assert.deepEqual(names('GET', '/monitors?cursor=2'), ['monitors', 'global']);
    assert.deepEqual(names('GET', '/monitorsx'), ['global']);
    assert.deepEqual(names('GET', '/api/monitors'), ['global']);
    assert.deepEqual(names('GET', '/'), ['global']);
    assert.deepEqual(names('GET', '/workspaces//'), ['workspaces.list', 'global']);
    assert.deepEqual(names('GET', '/api/workspaces/abc'), ['global']);
    assert.deepEqual(names('GET', ''), ['global']);
  });
});

describe('Pacer timing after a 429', () => {
  it('waits out Retry-After before the retry, to the second', async () => {
    const clock = new JumpClock();
    const pacer = new Pacer({ now: clock.now, sleep: clock.sleep });
    const s = flaky(clock, 1, 5);
    assert.equal(await pacer.run(me(), s.send), 'ok');
    assert.deepEqual(s.offsets(), [0, 5000]);
  });

  it('retries at once when Retry-After is 0', async () => {
    const clock = new JumpClock();
    const pacer = new Pacer({ now: clock.now, sleep: clock.sleep });
    const s = flaky(clock, 1, 0);
    assert.equal(await pacer.run(me(), s.send), 'ok');
    assert.deepEqual(s.offsets(), [0, 0]);
  });

  it('without Retry-After backs off 1, 2, 4 s (never at once), then gives up after 3 retries', async () => {
    const clock = new JumpClock();
    const log = memoryLog();
    const pacer = new Pacer({ now: clock.now, sleep: clock.sleep, log });
    const s = flaky(clock, 10);
    const err = await rejectsWith(pacer.run(me(), s.send), 'rateLimited');
    assert.equal(err.status, 429);
    assert.deepEqual(s.offsets(), [0, 1000, 3000, 7000]);
    assert.deepEqual(clock.sleeps, [1000, 2000, 4000]);
    assert.deepEqual(log.lines.filter((l) => l.includes('rate limited')), [
      'GET /me was rate limited (429): retry 1 of 3 in 1.0 s',
      'GET /me was rate limited (429): retry 2 of 3 in 2.0 s',
      'GET /me was rate limited (429): retry 3 of 3 in 4.0 s',
    ]);
  });

  it('caps the back-off at 30 s', async () => {
    const clock = new JumpClock();
    const pacer = new Pacer({ now: clock.now, sleep: clock.sleep, maxRetries: 7 });
    const s = flaky(clock, 7);
    assert.equal(await pacer.run(me(), s.send), 'ok');
    assert.deepEqual(clock.sleeps, [1000, 2000, 4000, 8000, 16_000, 30_000, 30_000]);
  });

  it('fails at once when Retry-After is longer than the cap (60 s), instead of waiting it out', async () => {
    const clock = new JumpClock();
    const pacer = new Pacer({ now: clock.now, sleep: clock.sleep });
    const s = flaky(clock, 1, 61);
    const err = await rejectsWith(pacer.run(me(), s.send), 'rateLimited');
    assert.equal(err.retryAfterSeconds, 61);
    assert.equal(s.at.length, 1);
    assert.deepEqual(clock.sleeps, []);
    assert.equal(pacer.waiting, undefined);
  });

  it('waits out a Retry-After of exactly the cap, and honours a lower cap when configured', async () => {
    const clock = new JumpClock();
    const s = flaky(clock, 1, 60);
    assert.equal(await new Pacer({ now: clock.now, sleep: clock.sleep }).run(me(), s.send), 'ok');
    assert.deepEqual(s.offsets(), [0, 60_000]);
    const strict = flaky(clock, 1, 11);
    await rejectsWith(new Pacer({ now: clock.now, sleep: clock.sleep, maxRetryWaitSeconds: 10 }).run(me(), strict.send), 'rateLimited');
    assert.equal(strict.at.length, 1);
  });

  it('retries only rate limits: other errors, quota and non-Postman errors go straight to the caller', async () => {
    const clock = new JumpClock();
    const pacer = new Pacer({ now: clock.now, sleep: clock.sleep });
    for (const err of [new PostmanError('quotaExhausted', 'quota', { status: 429 }), new PostmanError('server', '500', { status: 500 }), new Error('boom')]) {
      let sends = 0;
      await assert.rejects(pacer.run(me(), async () => {
        sends++;
        throw err;
      }), (e) => e === err);
      assert.equal(sends, 1, err.message);
    }
    assert.deepEqual(clock.sleeps, []);
  });

  it('honours maxRetries: 0 retries means the first 429 is the answer', async () => {
    const clock = new JumpClock();
    const s = flaky(clock, 1, 1);
    await rejectsWith(new Pacer({ now: clock.now, sleep: clock.sleep, maxRetries: 0 }).run(me(), s.send), 'rateLimited');
    assert.equal(s.at.length, 1);
  });

  it('pauses the whole bucket after a 429: a request queued behind it waits too, other buckets and users do not', async () => {
    const clock = new ManualClock();
    const pacer = new Pacer({ now: clock.now, sleep: clock.sleep });
    const sent: string[] = [];
    const first = flaky(clock, 1, 4);
    const a = pacer.run(ws(), async () => {
      sent.push(`A@${clock.t}`);
      return first.send();
    });
    await settle();
    const b = pacer.run(ws(), async () => void sent.push(`B@${clock.t}`));
    const other = pacer.run(me(), async () => void sent.push(`me@${clock.t}`));
    const otherUser = pacer.run(ws('b'), async () => void sent.push(`b@${clock.t}`));
    await settle();
    assert.deepEqual(sent, ['A@0', 'me@0', 'b@0']);
    await clock.advance(3999);
    assert.deepEqual(sent, ['A@0', 'me@0', 'b@0']);
    await clock.advance(1);
    await Promise.all([a, b, other, otherUser]);
    assert.deepEqual(sent, ['A@0', 'me@0', 'b@0', 'A@4000', 'B@4000']);
  });

  it('a longer Retry-After that comes later extends the pause for a retry already waiting', async () => {
    const clock = new ManualClock();
    const pacer = new Pacer({ now: clock.now, sleep: clock.sleep });
    const fail: Record<string, (err: unknown) => void> = {};
    const attempts: Record<string, number[]> = { A: [], B: [] };
    const send = (name: 'A' | 'B') => () => {
      attempts[name].push(clock.t);
      return attempts[name].length === 1 ? new Promise<string>((_, reject) => (fail[name] = reject)) : Promise.resolve(name);
    };
    const a = pacer.run(me(), send('A'));
    const b = pacer.run(me(), send('B'));
    await settle();
    fail.B(rateLimited(2));
    await settle();
    fail.A(rateLimited(10));
    await settle();
    await clock.advance(2000);
    await clock.advance(7999);
    assert.deepEqual(attempts, { A: [0], B: [0] }, 'nobody retries before the longer pause ends');
    await clock.advance(1);
    await clock.advance(0);
    assert.deepEqual(await Promise.all([a, b]), ['A', 'B']);
    assert.deepEqual(attempts, { A: [0, 10_000], B: [0, 10_000] });
  });
});

describe('Pacer order and pacing', () => {
  it('never lets a later request overtake one that is still waiting for a slot (FIFO per bucket)', async () => {
    const clock = new ManualClock();
    const pacer = new Pacer({ now: clock.now, sleep: clock.sleep, marginMs: 0 });
    const order: string[] = [];
    const send = (name: string, req = ws()) => pacer.run(req, async () => void order.push(name));
    for (let i = 0; i < 10; i++) {
      await send(`fill${i}`);
    }
    const a = send('A');
    await settle();
    assert.equal(clock.sleeping, 1, 'A waits for the 10-s window');
    clock.set(10_000); // A's slot is free, but its timer has not fired yet
    const b = send('B');
    await settle();
    assert.deepEqual(order.slice(10), [], 'B must queue behind A');
    await clock.fire();
    await Promise.all([a, b]);
    assert.deepEqual(order.slice(10), ['A', 'B']);
  });

  it('keeps arrival order across three: a newcomer waits behind one that is itself still waiting', async () => {
    const clock = new ManualClock();
    const pacer = new Pacer({ now: clock.now, sleep: clock.sleep, marginMs: 0 });
    const order: string[] = [];
    const send = (name: string) => pacer.run(ws(), async () => void order.push(name));
    await send('first');
    clock.set(1);
    for (let i = 0; i < 9; i++) {
      await send('fill');
    }
    const a = send('A'); // the window is full until t = 10 000
    const b = send('B'); // queued behind A
    await settle();
    await clock.advance(9999);
    assert.deepEqual(order.slice(10), ['A'], 'A goes when the first send leaves the window');
    assert.equal(clock.sleeping, 1, 'B now waits for the next slot, at t = 10 001');
    clock.set(10_001);
    const c = send('C'); // arrives as B's slot frees, before B's timer has fired
    await settle();
    assert.deepEqual(order.slice(10), ['A']);
    await clock.fire();
    await clock.advance(10_000);
    await Promise.all([a, b, c]);
    assert.deepEqual(order.slice(10), ['A', 'B', 'C']);
  });

  it('a cancelled waiter gives up its place: the next one goes when its slot comes', async () => {
    const clock = new ManualClock();
    const pacer = new Pacer({ now: clock.now, sleep: clock.sleep, marginMs: 0 });
    for (let i = 0; i < 10; i++) {
      await pacer.run(ws(), async () => undefined);
    }
    const controller = new AbortController();
    const sent: string[] = [];
    const a = pacer.run(ws('a', controller.signal), async () => void sent.push('A'));
    const b = pacer.run(ws(), async () => void sent.push('B'));
    await settle();
    controller.abort();
    await rejectsWith(a, 'cancelled');
    await clock.advance(10_000);
    await clock.advance(0);
    await b;
    assert.deepEqual(sent, ['B']);
  });

  it('a request cancelled before its turn is never sent', async () => {
    const pacer = new Pacer();
    const controller = new AbortController();
    controller.abort();
    let sent = false;
    await rejectsWith(pacer.run(ws('a', controller.signal), async () => void (sent = true)), 'cancelled');
    assert.equal(sent, false);
  });

  it('sends the 11th GET /workspaces exactly one window plus the margin after the first', async () => {
    const clock = new JumpClock();
    const pacer = new Pacer({ now: clock.now, sleep: clock.sleep });
    const at: number[] = [];
    await Promise.all(Array.from({ length: 12 }, () => pacer.run(ws(), async () => void at.push(clock.t))));
    const start = at[0];
    assert.deepEqual(at.map((t) => t - start), [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 10_500, 10_500]);
  });

  it('counts a send against every bucket it belongs to: strict ones and the global 300 per minute', async () => {
    const clock = new JumpClock();
    const pacer = new Pacer({ now: clock.now, sleep: clock.sleep, marginMs: 0 });
    const start = clock.t;
    // 290 global-only calls, then 10 GET /workspaces (strict and global): the global bucket is full.
    for (let i = 0; i < 290; i++) {
      await pacer.run(me(), async () => undefined);
    }
    for (let i = 0; i < 10; i++) {
      await pacer.run(ws(), async () => undefined);
    }
    assert.equal(clock.t, start);
    let at = 0;
    await pacer.run(me(), async () => void (at = clock.t));
    assert.equal(at - start, 60_000, 'the 301st call waits for the oldest to leave the minute');
  });

  it('reports a wait of a second or more (pacing), never a shorter one, and says when waiting ends', async () => {
    const clock = new ManualClock();
    const pacer = new Pacer({ now: clock.now, sleep: clock.sleep, marginMs: 0 });
    const states: (WaitInfo | undefined)[] = [];
    pacer.onWait((w) => states.push(w));
    pacer.onResume(() => states.push(undefined));
    const fill = async (n: number) => {
      for (let i = 0; i < n; i++) {
        await pacer.run(ws(), async () => undefined);
      }
    };
    await fill(9);
    clock.set(9500);
    await fill(1);
    clock.set(9800);
    // The 11th waits 200 ms, until the first nine leave the window: too short to report.
    const short = pacer.run(ws(), async () => undefined);
    await settle();
    assert.equal(clock.sleeping, 1);
    assert.equal(pacer.waiting, undefined);
    await clock.advance(200);
    await short;
    assert.deepEqual(states, []);
    // Full again (9.5 s, then nine at 10 s): the next one waits 9.5 s, reported as 10 s.
    await fill(8);
    const long = pacer.run(ws(), async () => undefined);
    await settle();
    assert.deepEqual(pacer.waiting, { seconds: 10, reason: 'pacing' });
    await clock.advance(9499);
    assert.deepEqual(states, [{ seconds: 10, reason: 'pacing' }]);
    await clock.advance(1);
    await long;
    assert.equal(pacer.waiting, undefined);
    assert.deepEqual(states, [{ seconds: 10, reason: 'pacing' }, undefined]);
  });

  it('reports a pacing wait of exactly reportAfterMs, and not one a millisecond shorter', async () => {
    for (const [wait, reported] of [[999, false], [1000, true]] as const) {
      const clock = new ManualClock();
      const pacer = new Pacer({ now: clock.now, sleep: clock.sleep, marginMs: 0, reportAfterMs: 1000 });
      for (let i = 0; i < 10; i++) {
        await pacer.run(ws(), async () => undefined);
      }
      clock.set(10_000 - wait);
      const next = pacer.run(ws(), async () => undefined);
      await settle();
      assert.equal(pacer.waiting !== undefined, reported, `a wait of ${wait} ms`);
      await clock.advance(wait);
      await next;
    }
  });

  it('reports a 429 pause however short, in whole seconds rounded up, and tells the listeners until they unsubscribe', async () => {
    const clock = new ManualClock();
    const pacer = new Pacer({ now: clock.now, sleep: clock.sleep });
    const seen: (WaitInfo | undefined)[] = [];
    const resumed: number[] = [];
    const sub = pacer.onWait((w) => seen.push(w));
    const resume = pacer.onResume(() => resumed.push(clock.t));
    const s = flaky(clock, 2, 0.2);
    const done = pacer.run(me(), s.send);
    await settle();
    assert.deepEqual(pacer.waiting, { seconds: 1, reason: 'rateLimit' });
    assert.deepEqual(seen, [{ seconds: 1, reason: 'rateLimit' }]);
    sub.dispose();
    await clock.advance(200);
    assert.equal(pacer.waiting?.reason, 'rateLimit', 'the second 429 pauses again');
    resume.dispose();
    await clock.advance(200);
    assert.equal(await done, 'ok');
    assert.equal(pacer.waiting, undefined);
    assert.deepEqual(seen, [{ seconds: 1, reason: 'rateLimit' }], 'no news after dispose');
    assert.deepEqual(resumed, [200], 'told once of the first resume, not after dispose');
  });

  it('a 429 pause outranks a longer pacing wait in the report', async () => {
    const clock = new ManualClock();
    const pacer = new Pacer({ now: clock.now, sleep: clock.sleep, marginMs: 0 });
    for (let i = 0; i < 10; i++) {
      await pacer.run(ws(), async () => undefined);
    }
    const paced = pacer.run(ws(), async () => undefined);
    await settle();
    assert.deepEqual(pacer.waiting, { seconds: 10, reason: 'pacing' });
    const s = flaky(clock, 1, 3);
    const limited = pacer.run(me('b'), s.send);
    await settle();
    assert.deepEqual(pacer.waiting, { seconds: 3, reason: 'rateLimit' });
    await clock.advance(3000);
    await limited;
    assert.deepEqual(pacer.waiting, { seconds: 7, reason: 'pacing' });
    await clock.advance(7000);
    await paced;
    assert.equal(pacer.waiting, undefined);
  });

  it('reports the longest of several pacing waits, and tells only of changes', async () => {
    const clock = new ManualClock();
    const pacer = new Pacer({ now: clock.now, sleep: clock.sleep, marginMs: 0 });
    const seen: (WaitInfo | undefined)[] = [];
    pacer.onWait((w) => seen.push(w));
    const coll = { credentialId: 'a', method: 'GET', path: '/collections' };
    for (let i = 0; i < 10; i++) {
      await pacer.run(ws(), async () => undefined);
    }
    clock.set(6000);
    for (let i = 0; i < 10; i++) {
      await pacer.run(coll, async () => undefined);
    }
    const long = pacer.run(coll, async () => undefined); // waits 10 s (until 16 s)
    await settle();
    const short = pacer.run(ws(), async () => undefined); // waits 4 s (until 10 s)
    const free = pacer.run(me(), async () => undefined); // no wait
    await settle();
    assert.deepEqual(pacer.waiting, { seconds: 10, reason: 'pacing' });
    assert.deepEqual(seen, [{ seconds: 10, reason: 'pacing' }], 'a shorter wait beside it changes nothing to tell');
    await clock.advance(4000);
    await Promise.all([short, free]);
    assert.deepEqual(pacer.waiting, { seconds: 6, reason: 'pacing' });
    assert.deepEqual(seen, [{ seconds: 10, reason: 'pacing' }, { seconds: 6, reason: 'pacing' }]);
    await clock.advance(6000);
    await long;
    assert.equal(pacer.waiting, undefined);
  });

  it('tells the listeners when a 429 pause takes over a pacing wait of the same length', async () => {
    const clock = new ManualClock();
    const pacer = new Pacer({ now: clock.now, sleep: clock.sleep, marginMs: 0 });
    const seen: (WaitInfo | undefined)[] = [];
    pacer.onWait((w) => seen.push(w));
    for (let i = 0; i < 10; i++) {
      await pacer.run(ws(), async () => undefined);
    }
    clock.set(7000);
    const paced = pacer.run(ws(), async () => undefined); // 3 s
    const s = flaky(clock, 1, 3);
    const limited = pacer.run(me('b'), s.send); // a 429 asking for 3 s
    await settle();
    assert.deepEqual(seen, [{ seconds: 3, reason: 'pacing' }, { seconds: 3, reason: 'rateLimit' }]);
    await clock.advance(3000);
    await Promise.all([paced, limited]);
  });

  it('waits for the stricter of two full buckets in one go, and says so', async () => {
    const clock = new JumpClock();
    const log = memoryLog();
    const pacer = new Pacer({ now: clock.now, sleep: clock.sleep, marginMs: 0, log });
    const start = clock.t;
    for (let i = 0; i < 290; i++) {
      await pacer.run(me(), async () => undefined);
    }
    clock.t = start + 55_000;
    for (let i = 0; i < 10; i++) {
      await pacer.run(ws(), async () => undefined);
    }
    // Global: full until 60 s (5 s away); GET /workspaces: full until 65 s (10 s away).
    await pacer.run(ws(), async () => undefined);
    assert.deepEqual(clock.sleeps, [10_000]);
    assert.deepEqual(log.lines, ['pacing: GET /workspaces waits 10.0 s (10 calls per 10 s)']);
  });

  it('logs a pacing wait with the rule that caused it', async () => {
    const clock = new JumpClock();
    const log = memoryLog();
    const pacer = new Pacer({ now: clock.now, sleep: clock.sleep, log });
    await Promise.all(Array.from({ length: 11 }, () => pacer.run(ws(), async () => undefined)));
    assert.deepEqual(log.lines, ['pacing: GET /workspaces waits 10.5 s (10 calls per 10 s)']);
    const s = flaky(clock, 1, 2);
    log.lines.length = 0;
    await pacer.run(me(), s.send);
    assert.deepEqual(log.lines, ['GET /me was rate limited (429): retry 1 of 3 in 2.0 s', 'pacing: GET /me waits 2.0 s (paused after a 429)']);
  });

  it('keeps its defaults when an option is given as undefined', async () => {
    const clock = new JumpClock();
    const pacer = new Pacer({ now: clock.now, sleep: clock.sleep, marginMs: undefined, maxRetries: undefined });
    const s = flaky(clock, 3);
    assert.equal(await pacer.run(me(), s.send), 'ok');
    await Promise.all(Array.from({ length: 11 }, () => pacer.run(ws(), async () => undefined)));
    assert.ok(clock.sleeps.includes(10_500), JSON.stringify(clock.sleeps));
  });

  it('really sleeps with the default clock', async () => {
    const pacer = new Pacer({ marginMs: 0 });
    const started = Date.now();
    const s = flaky({ now: Date.now }, 1, 0.05);
    assert.equal(await pacer.run(me(), s.send), 'ok');
    assert.ok(Date.now() - started >= 45, `retried after ${Date.now() - started} ms`);
  });
});

describe('waits leave nothing behind', () => {
  const timers = () => process.getActiveResourcesInfo().filter((r) => r === 'Timeout').length;

  it('a cancelled real wait clears its timer and its abort listener', async () => {
    const pacer = new Pacer({ marginMs: 0 });
    for (let i = 0; i < 10; i++) {
      await pacer.run(ws(), async () => undefined);
    }
    const controller = new AbortController();
    const before = timers();
    const pending = pacer.run(ws('a', controller.signal), async () => undefined);
    await settle();
    assert.equal(timers(), before + 1, 'waiting about 10 s on a real timer');
    controller.abort();
    await rejectsWith(pending, 'cancelled');
    await settle();
    assert.equal(timers(), before, 'no timer keeps Node alive');
    assert.equal(getEventListeners(controller.signal, 'abort').length, 0);
  });

  it('a finished real wait leaves no abort listener on the caller\'s signal', async () => {
    const pacer = new Pacer({ marginMs: 0 });
    const controller = new AbortController();
    const s = flaky({ now: Date.now }, 1, 0.02);
    assert.equal(await pacer.run({ ...me(), signal: controller.signal }, s.send), 'ok');
    assert.equal(getEventListeners(controller.signal, 'abort').length, 0);
  });
});
