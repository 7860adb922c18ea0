/**
 * A clock that refuses to sleep: a commit or a daemon pass never waits for a
 * CA. A SCEP job that would sleep until its next poll is already persisted
 * (pending, nextPollAt), so `pkicfg daemon` resumes it at that time; a CMPv2
 * transaction that would wait fails and the next run starts it again.
 */
import type { Clock } from './clock.js';

/** Thrown by the no-wait clock's sleep. */
export class WaitDeferred extends Error {
  constructor() {
    super('wait deferred');
  }
}

export function noWaitClock(clock: Clock): Clock {
  return { now: () => clock.now(), sleep: () => Promise.reject(new WaitDeferred()) };
}
