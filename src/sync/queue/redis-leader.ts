import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import type { Leadership } from './leadership.js';

export interface RedisLeaderOptions {
  redisUrl: string;
  /** @defaultValue 'ferry:leader' */
  key?: string;
  /** How long a lease lasts unless renewed. @defaultValue 6_000 */
  leaseMs?: number;
}

const RENEW = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('pexpire', KEYS[1], ARGV[2]) else return 0 end`;
const RELEASE = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end`;

/** A lease in Redis (SET NX PX, renewed at a third of its length); a dead leader's lease runs out. */
export class RedisLeader implements Leadership {
  private readonly redis: Redis;
  private readonly id = randomUUID();
  private readonly key: string;
  private readonly leaseMs: number;
  private leader = false;
  private timer: NodeJS.Timeout | undefined;

  constructor(options: RedisLeaderOptions) {
    this.redis = new Redis(options.redisUrl, { maxRetriesPerRequest: 2 });
    this.key = options.key ?? 'ferry:leader';
    this.leaseMs = options.leaseMs ?? 6_000;
  }

  isLeader(): boolean {
    return this.leader;
  }

  async start(onChange: (leader: boolean) => void): Promise<void> {
    const tick = async (): Promise<void> => {
      let leading: boolean;
      try {
        leading = this.leader
          ? (await this.redis.eval(RENEW, 1, this.key, this.id, String(this.leaseMs))) === 1
          : (await this.redis.set(this.key, this.id, 'PX', this.leaseMs, 'NX')) === 'OK';
      } catch {
        leading = false;
      }
      if (leading !== this.leader) {
        this.leader = leading;
        onChange(leading);
      }
    };
    await tick();
    this.timer = setInterval(() => void tick(), Math.floor(this.leaseMs / 3));
  }

  async stop(): Promise<void> {
    if (this.timer !== undefined) clearInterval(this.timer);
    if (this.leader) await this.redis.eval(RELEASE, 1, this.key, this.id).catch(() => undefined);
    this.leader = false;
    this.redis.disconnect();
  }
}
