import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestCluster, waitFor, type TestCluster } from './support/harness.js';
import { ShiftableClock } from './support/shiftable-clock.js';

function cronJob(name: string, extra: string, command: string): string {
  return `apiVersion: batch/v1
kind: CronJob
metadata:
  name: ${name}
spec:
  schedule: "* * * * *"
${extra}  jobTemplate:
    spec:
      template:
        spec:
          restartPolicy: Never
          containers:
          - name: main
            image: busybox
            command: ["sh", "-c", "${command}"]
`;
}

describe('CronJob controller on an injectable clock', () => {
  let cluster: TestCluster;
  const clock = new ShiftableClock();
  beforeAll(async () => {
    cluster = await startTestCluster({ timeFactor: 0.02, clock });
  });
  afterAll(async () => {
    await cluster.dispose();
  });

  async function jobsOf(cron: string): Promise<string[]> {
    const out = await cluster.kubectl(['get', 'jobs', '-o', 'name']);
    return out.stdout
      .split('\n')
      .filter((l) => l.startsWith(`job.batch/${cron}-`))
      .sort();
  }

  async function completedJobs(cron: string): Promise<number> {
    const out = await cluster.kubectl([
      'get',
      'jobs',
      '-o',
      'jsonpath={range .items[*]}{.metadata.name}={.status.succeeded} {end}',
    ]);
    return out.stdout.split(' ').filter((e) => e.startsWith(`${cron}-`) && e.endsWith('=1')).length;
  }

  it('creates a job per scheduled minute and keeps successfulJobsHistoryLimit of them', async () => {
    const created = await cluster.kubectl(
      ['apply', '-f', '-'],
      cronJob('tick', '  successfulJobsHistoryLimit: 2\n', 'true'),
    );
    expect(created.code, created.stderr).toBe(0);
    expect(await jobsOf('tick')).toEqual([]);
    for (let minute = 1; minute <= 3; minute++) {
      clock.advance(60_000);
      await waitFor(`job ${minute} to complete`, async () => {
        const done = await completedJobs('tick');
        return done >= Math.min(minute, 2) && (await jobsOf('tick')).length === Math.min(minute, 2);
      });
    }
    const jobs = await jobsOf('tick');
    expect(jobs).toHaveLength(2);
    for (const job of jobs) expect(job).toMatch(/^job\.batch\/tick-\d+$/);
    const table = await cluster.kubectl(['get', 'cronjob', 'tick']);
    expect(table.stdout).toMatch(/NAME\s+SCHEDULE\s+TIMEZONE\s+SUSPEND\s+ACTIVE\s+LAST SCHEDULE/);
    expect(table.stdout).toMatch(/tick\s+\* \* \* \* \*\s+<none>\s+False\s+0\s+\S+s/);
    const status = await cluster.kubectl([
      'get',
      'cronjob',
      'tick',
      '-o',
      'jsonpath={.status.lastScheduleTime} {.status.lastSuccessfulTime}',
    ]);
    expect(status.stdout).toMatch(/^\S+Z \S+Z$/);
  });

  it('honours concurrencyPolicy Forbid and Replace, and suspend', async () => {
    for (const [name, policy] of [
      ['forbid', 'Forbid'],
      ['replace', 'Replace'],
    ] as const) {
      const applied = await cluster.kubectl(
        ['apply', '-f', '-'],
        cronJob(name, `  concurrencyPolicy: ${policy}\n`, 'sleep 100000'),
      );
      expect(applied.code, applied.stderr).toBe(0);
    }
    clock.advance(60_000);
    await waitFor('first runs', async () => {
      const all = [...(await jobsOf('forbid')), ...(await jobsOf('replace'))];
      return all.length === 2;
    });
    const firstReplace = await jobsOf('replace');
    const active = await cluster.kubectl([
      'get',
      'cronjob',
      'forbid',
      '-o',
      'jsonpath={.status.active[*].name}',
    ]);
    expect(`job.batch/${active.stdout}`).toBe((await jobsOf('forbid'))[0]);
    clock.advance(60_000);
    await waitFor('replace to start a new job in place of the old one', async () => {
      const jobs = await jobsOf('replace');
      return jobs.length === 1 && jobs[0] !== firstReplace[0];
    });
    expect(await jobsOf('forbid')).toHaveLength(1);
    const secondReplace = await jobsOf('replace');

    const suspended = await cluster.kubectl([
      'patch',
      'cronjob',
      'tick',
      '-p',
      '{"spec":{"suspend":true}}',
    ]);
    expect(suspended.code, suspended.stderr).toBe(0);
    const before = await jobsOf('tick');
    clock.advance(120_000);
    await waitFor('replace to run again', async () => {
      const jobs = await jobsOf('replace');
      return jobs.length === 1 && jobs[0] !== secondReplace[0];
    });
    expect(await jobsOf('tick')).toEqual(before);
  });
});
