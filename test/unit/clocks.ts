/**
 * Fake clocks for the pacer, which takes `now` and `sleep` as options.
 *
 * JumpClock: a sleep moves time forward at once, so waits of seconds or minutes take none,
 * and the times recorded at each send say exactly how long the pacer waited.
 *
 * ManualClock: a sleep waits until the test moves time forward and fires it, so a test can
 * act in the middle of a wait (a request arriving while another one still sleeps).
 */
export class JumpClock {
  t = 1_700_000_000_000;
  readonly sleeps: number[] = [];
  readonly now = (): number => this.t;
  readonly sleep = async (ms: number): Promise<void> => {
    this.sleeps.push(ms);
    this.t += ms;
  };
}

export class ManualClock {
  t = 0;
  private timers: { due: number; resolve: () => void }[] = [];
  readonly now = (): number => this.t;
  readonly sleep = (ms: number): Promise<void> => new Promise((resolve) => void this.timers.push({ due: this.t + ms, resolve }));

  /** Sleeps not yet fired. */
  get sleeping(): number {
    return this.timers.length;
  }

  /** Sets the time without firing anything: the moment a timer is due but has not run yet. */
  set(t: number): void {
    this.t = t;
  }

  /** Fires every sleep due by now, then lets the woken code run. */
  async fire(): Promise<void> {
    const due = this.timers.filter((x) => x.due <= this.t);
    this.timers = this.timers.filter((x) => x.due > this.t);
    due.forEach((x) => x.resolve());
    await settle();
  }

  async advance(ms: number): Promise<void> {
    this.t += ms;
    await this.fire();
  }
}

/** Lets every pending promise callback and immediate run. */
export async function settle(): Promise<void> {
  for (let i = 0; i < 5; i++) {
    await new Promise((resolve) => setImmediate(resolve));
  }
}
