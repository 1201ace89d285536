import { TestDatabaseId, TestDatabases } from '@backstage/backend-test-utils';
import { resolvePackagePath } from '@backstage/backend-plugin-api';
import knexFactory, { Knex } from 'knex';
import { NewCanaryEvent, StoredCanary } from './CanaryStore';
import { DatabaseCanaryStore } from './DatabaseCanaryStore';

jest.setTimeout(60_000);

// SQLite always; PostgreSQL 15 when BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING is set.
const databases = TestDatabases.create({ ids: ['SQLITE_3', 'POSTGRES_15'] });
const migrationsDir = resolvePackagePath(
  '@meshport/plugin-mesh-backend',
  'migrations',
);

async function migrated(id: TestDatabaseId): Promise<Knex> {
  const knex = await databases.init(id);
  await knex.migrate.latest({ directory: migrationsDir });
  return knex;
}

const T0 = Date.parse('2026-12-15T10:00:00.000Z');
const at = (seconds: number) => new Date(T0 + seconds * 1000);

function canary(id: string, over: Partial<StoredCanary> = {}): StoredCanary {
  return {
    id,
    entityRef: 'component:default/reviews',
    cluster: 'east',
    namespace: 'bookinfo',
    service: 'reviews',
    stableVersion: 'v1',
    canaryVersion: 'v2',
    plan: {
      stepWeight: 10,
      maxWeight: 50,
      intervalSeconds: 60,
      threshold: 2,
      checks: [{ kind: 'success-rate', minPercent: 99 }],
    },
    weights: [10, 20, 30, 40, 50],
    state: 'progressing',
    step: 0,
    weight: 10,
    failedChecks: 0,
    message: 'waiting for the first check',
    route: { kind: 'VirtualService', namespace: 'bookinfo', name: 'reviews' },
    nextCheckAt: at(60).toISOString(),
    createdBy: 'user:default/ada',
    createdAt: at(0).toISOString(),
    updatedAt: at(0).toISOString(),
    events: [],
    version: 1,
    writtenSpec: { http: [{ route: [{ weight: 90 }, { weight: 10 }] }] },
    ...over,
  };
}

function event(over: Partial<NewCanaryEvent> = {}): NewCanaryEvent {
  return {
    at: at(0).toISOString(),
    verdict: 'started',
    step: 0,
    weight: 10,
    failedChecks: 0,
    checks: [],
    message: 'started at 10 %',
    actor: 'user:default/ada',
    ...over,
  };
}

const advanced = (message: string): NewCanaryEvent =>
  event({
    verdict: 'advanced',
    step: 1,
    weight: 20,
    actor: 'controller',
    message,
    checks: [
      {
        name: 'success rate',
        kind: 'success-rate',
        value: 99.8,
        min: 99,
        unit: '%',
        ok: true,
      },
    ],
    changeId: '7d1f4a52-0000-4000-8000-000000000001',
  });

describe.each(databases.eachSupportedId())(
  'DatabaseCanaryStore on %p',
  (id: TestDatabaseId) => {
    it('runs its migration up and down', async () => {
      const knex = await migrated(id);
      expect(await knex.schema.hasTable('mesh_canaries')).toBe(true);
      expect(await knex.schema.hasTable('mesh_canary_events')).toBe(true);
      for (const column of ['lease_owner', 'lease_until', 'version']) {
        expect(await knex.schema.hasColumn('mesh_canaries', column)).toBe(true);
      }
      await knex.migrate.down({ directory: migrationsDir });
      expect(await knex.schema.hasTable('mesh_canaries')).toBe(false);
      expect(await knex.schema.hasTable('mesh_canary_events')).toBe(false);
      // The tables before it are still there.
      expect(await knex.schema.hasTable('mesh_changes')).toBe(true);
    });

    it('stores a canary with its first event and reads it back', async () => {
      const knex = await migrated(id);
      const store = new DatabaseCanaryStore(knex);
      const c = canary('c1', {
        // Ignored: a new canary is unclaimed at version 1.
        version: 7,
        leaseOwner: 'someone',
        leaseUntil: at(999).toISOString(),
      });
      await store.create(c, event());
      const got = await store.get('c1');
      expect(got).toEqual({
        ...c,
        version: 1,
        leaseOwner: undefined,
        leaseUntil: undefined,
        finishedAt: undefined,
        events: [{ ...event(), seq: 1, changeId: undefined }],
      });
      expect(await store.get('nowhere')).toBeUndefined();

      await store.create(
        canary('c2', {
          message: undefined,
          nextCheckAt: undefined,
          writtenSpec: undefined,
          state: 'promoted',
          finishedAt: at(30).toISOString(),
        }),
        event(),
      );
      expect(await store.get('c2')).toMatchObject({
        message: undefined,
        nextCheckAt: undefined,
        writtenSpec: undefined,
        finishedAt: at(30).toISOString(),
      });
    });

    it('lists an entity canaries newest first, each with its events in order', async () => {
      const knex = await migrated(id);
      const store = new DatabaseCanaryStore(knex);
      await store.create(
        canary('old', { createdAt: at(0).toISOString(), state: 'aborted' }),
        event(),
      );
      await store.create(
        canary('new', { createdAt: at(100).toISOString() }),
        event({ message: 'new started' }),
      );
      await store.create(
        canary('mid', { createdAt: at(50).toISOString(), state: 'promoted' }),
        event(),
      );
      await store.create(
        canary('other', {
          entityRef: 'component:default/ratings',
          createdAt: at(200).toISOString(),
        }),
        event(),
      );
      const claimed = await store.claim('new', 'r1', at(60), at(70));
      expect(
        await store.commit('new', claimed!.version, {}, advanced('second')),
      ).toBe(true);

      const list = await store.listForEntity('component:default/reviews');
      expect(list.map(c => c.id)).toEqual(['new', 'mid', 'old']);
      expect(list[0].events.map(e => [e.seq, e.message])).toEqual([
        [1, 'new started'],
        [2, 'second'],
      ]);
      expect(list[1].events.map(e => e.seq)).toEqual([1]);
      expect(list[2].events.map(e => e.seq)).toEqual([1]);
      expect(
        (await store.listForEntity('component:default/reviews', 2)).map(
          c => c.id,
        ),
      ).toEqual(['new', 'mid']);
      expect(await store.listForEntity('component:default/none')).toEqual([]);
    });

    it('finds the active canary of a Service: progressing or paused, not finished', async () => {
      const knex = await migrated(id);
      const store = new DatabaseCanaryStore(knex);
      await store.create(canary('done', { state: 'rolled-back' }), event());
      expect(
        await store.findActive('east', 'bookinfo', 'reviews'),
      ).toBeUndefined();
      await store.create(canary('paused', { state: 'paused' }), event());
      expect((await store.findActive('east', 'bookinfo', 'reviews'))?.id).toBe(
        'paused',
      );
      expect(
        (await store.findActive('east', 'bookinfo', 'reviews'))?.events,
      ).toHaveLength(1);
      expect(
        await store.findActive('west', 'bookinfo', 'reviews'),
      ).toBeUndefined();
      expect(
        await store.findActive('east', 'other', 'reviews'),
      ).toBeUndefined();
      expect(
        await store.findActive('east', 'bookinfo', 'ratings'),
      ).toBeUndefined();
    });

    it('lists due canaries by state, time and lease, soonest first', async () => {
      const knex = await migrated(id);
      const store = new DatabaseCanaryStore(knex);
      await store.create(
        canary('later', { nextCheckAt: at(90).toISOString() }),
        event(),
      );
      await store.create(
        canary('soon', { nextCheckAt: at(30).toISOString() }),
        event(),
      );
      await store.create(
        canary('exact', { nextCheckAt: at(60).toISOString() }),
        event(),
      );
      await store.create(
        canary('future', { nextCheckAt: at(61).toISOString() }),
        event(),
      );
      await store.create(
        canary('paused', {
          state: 'paused',
          nextCheckAt: at(10).toISOString(),
        }),
        event(),
      );
      await store.create(
        canary('promoted', {
          state: 'promoted',
          nextCheckAt: at(10).toISOString(),
        }),
        event(),
      );
      await store.create(
        canary('undated', { nextCheckAt: undefined }),
        event(),
      );

      expect(await store.listDue(at(60), 10)).toEqual(['soon', 'exact']);
      expect(await store.listDue(at(60), 1)).toEqual(['soon']);
      expect(await store.listDue(at(100), 10)).toEqual([
        'soon',
        'exact',
        'future',
        'later',
      ]);

      // A held lease hides the canary until it expires.
      expect(await store.claim('soon', 'r1', at(60), at(120))).toBeDefined();
      expect(await store.listDue(at(100), 10)).toEqual([
        'exact',
        'future',
        'later',
      ]);
      expect(await store.listDue(at(120), 10)).toEqual([
        'soon',
        'exact',
        'future',
        'later',
      ]);
    });

    it('gives a lease to one claimer only, and again once it expired', async () => {
      const knex = await migrated(id);
      const store = new DatabaseCanaryStore(knex);
      await store.create(canary('c1'), event());

      const [a, b] = await Promise.all([
        store.claim('c1', 'replica-a', at(60), at(90)),
        store.claim('c1', 'replica-b', at(60), at(90)),
      ]);
      const winners = [a, b].filter(x => x !== undefined);
      expect(winners).toHaveLength(1);
      const won = winners[0]!;
      expect(won.version).toBe(2);
      expect(won.leaseUntil).toBe(at(90).toISOString());
      expect(['replica-a', 'replica-b']).toContain(won.leaseOwner);
      expect(won.events).toHaveLength(1);

      // Still held just before it expires; free at the instant it does.
      expect(
        await store.claim('c1', 'replica-c', at(89), at(120)),
      ).toBeUndefined();
      const again = await store.claim('c1', 'replica-c', at(90), at(120));
      expect(again).toMatchObject({ leaseOwner: 'replica-c', version: 3 });
      expect(await store.claim('nowhere', 'r', at(0), at(1))).toBeUndefined();
    });

    it('commits against the claimed version only; a stale commit writes nothing', async () => {
      const knex = await migrated(id);
      const store = new DatabaseCanaryStore(knex);
      await store.create(canary('c1'), event());

      const first = await store.claim('c1', 'replica-a', at(60), at(70));
      // replica-a is slow: its lease expires and replica-b steps the canary.
      const second = await store.claim('c1', 'replica-b', at(71), at(80));
      expect(second!.version).toBe(first!.version + 1);

      expect(
        await store.commit(
          'c1',
          first!.version,
          { state: 'rolled-back', weight: 0, message: 'stale' },
          event({ verdict: 'rolled-back', message: 'stale' }),
        ),
      ).toBe(false);
      const untouched = await store.get('c1');
      expect(untouched).toMatchObject({
        state: 'progressing',
        weight: 10,
        message: 'waiting for the first check',
        leaseOwner: 'replica-b',
        version: second!.version,
      });
      expect(untouched!.events).toHaveLength(1);

      const before = Date.now();
      expect(
        await store.commit(
          'c1',
          second!.version,
          {
            step: 1,
            weight: 20,
            nextCheckAt: at(140).toISOString(),
            writtenSpec: {
              http: [{ route: [{ weight: 80 }, { weight: 20 }] }],
            },
          },
          advanced('advanced to 20 %'),
        ),
      ).toBe(true);
      const after = await store.get('c1');
      expect(after).toMatchObject({
        step: 1,
        weight: 20,
        state: 'progressing',
        nextCheckAt: at(140).toISOString(),
        writtenSpec: { http: [{ route: [{ weight: 80 }, { weight: 20 }] }] },
        // Left alone: not in the patch.
        message: 'waiting for the first check',
        leaseOwner: undefined,
        leaseUntil: undefined,
        version: second!.version + 1,
      });
      expect(Date.parse(after!.updatedAt)).toBeGreaterThanOrEqual(before);
      expect(Date.parse(after!.updatedAt)).toBeLessThanOrEqual(Date.now());
      expect(after!.events[1]).toEqual({
        ...advanced('advanced to 20 %'),
        seq: 2,
      });

      // The same claim cannot commit twice.
      expect(
        await store.commit('c1', second!.version, { step: 2 }, advanced('x')),
      ).toBe(false);
      expect((await store.get('c1'))!.events).toHaveLength(2);
    });

    it('numbers events 1, 2, 3 and commits without an event when given none', async () => {
      const knex = await migrated(id);
      const store = new DatabaseCanaryStore(knex);
      await store.create(canary('c1'), event());
      await store.create(canary('c2'), event());
      for (const [i, canaryId] of [
        [1, 'c1'],
        [2, 'c1'],
        [3, 'c2'],
      ] as const) {
        const c = await store.claim(canaryId, 'r', at(60 + i), at(61 + i));
        expect(
          await store.commit(canaryId, c!.version, {}, advanced(`e${i}`)),
        ).toBe(true);
      }
      const c = await store.claim('c1', 'r', at(100), at(101));
      expect(await store.commit('c1', c!.version, { step: 3 })).toBe(true);
      const c1 = await store.get('c1');
      expect(c1!.events.map(e => [e.seq, e.message])).toEqual([
        [1, 'started at 10 %'],
        [2, 'e1'],
        [3, 'e2'],
      ]);
      expect(c1!.step).toBe(3);
      expect((await store.get('c2'))!.events.map(e => e.seq)).toEqual([1, 2]);
    });

    it('clears message and nextCheckAt on null and keeps them on undefined', async () => {
      const knex = await migrated(id);
      const store = new DatabaseCanaryStore(knex);
      await store.create(canary('c1'), event());

      let c = await store.claim('c1', 'r', at(60), at(70));
      await store.commit('c1', c!.version, { message: undefined, step: 1 });
      expect(await store.get('c1')).toMatchObject({
        message: 'waiting for the first check',
        nextCheckAt: at(60).toISOString(),
      });

      c = await store.claim('c1', 'r', at(61), at(70));
      await store.commit('c1', c!.version, {
        state: 'paused',
        message: null,
        nextCheckAt: null,
      });
      const paused = await store.get('c1');
      expect(paused!.message).toBeUndefined();
      expect(paused!.nextCheckAt).toBeUndefined();
      const raw = await knex('mesh_canaries').where({ id: 'c1' }).first();
      expect(raw.message).toBeNull();
      expect(raw.next_check_at).toBeNull();
      expect(await store.listDue(at(1000), 10)).toEqual([]);

      c = await store.claim('c1', 'r', at(62), at(70));
      await store.commit('c1', c!.version, {
        state: 'promoted',
        message: 'promoted',
        finishedAt: at(62).toISOString(),
      });
      expect(await store.get('c1')).toMatchObject({
        state: 'promoted',
        message: 'promoted',
        finishedAt: at(62).toISOString(),
      });
    });

    it('releases a lease only for its holder', async () => {
      const knex = await migrated(id);
      const store = new DatabaseCanaryStore(knex);
      await store.create(canary('c1'), event());
      const stale = await store.claim('c1', 'a', at(60), at(61));
      const held = await store.claim('c1', 'b', at(62), at(90));

      await store.release('c1', stale!.version);
      expect(await store.get('c1')).toMatchObject({ leaseOwner: 'b' });
      expect(await store.claim('c1', 'c', at(63), at(90))).toBeUndefined();

      await store.release('c1', held!.version);
      const freed = await store.get('c1');
      expect(freed).toMatchObject({
        leaseOwner: undefined,
        leaseUntil: undefined,
        state: 'progressing',
      });
      expect(freed!.events).toHaveLength(1);
      // A released claim is over: it cannot commit afterwards.
      expect(
        await store.commit('c1', held!.version, { step: 4 }, advanced('late')),
      ).toBe(false);
      expect(await store.claim('c1', 'c', at(63), at(90))).toBeDefined();
    });

    it('keys events by (canary, number) and deletes them with their canary', async () => {
      const knex = await migrated(id);
      const store = new DatabaseCanaryStore(knex);
      await store.create(canary('c1'), event());
      expect((await store.get('c1'))!.events.map(e => e.seq)).toEqual([1]);
      // Asked of each database's catalog rather than by inserting bad rows: Backstage's SQLite
      // test database turns foreign keys on per connection, and in the full suite raw inserts
      // that both constraints refuse went through now and then. The store never relies on a
      // refusal (it numbers events inside its commit transaction).
      const sqlite = id === 'SQLITE_3';
      const keyColumns = (
        sqlite
          ? ((await knex.raw(
              "SELECT name FROM pragma_table_info('mesh_canary_events') WHERE pk > 0",
            )) as Array<{ name: string }>)
          : ((
              await knex.raw(
                `SELECT a.attname AS name FROM pg_index i
                 JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = ANY(i.indkey)
                 WHERE i.indrelid = 'mesh_canary_events'::regclass AND i.indisprimary`,
              )
            ).rows as Array<{ name: string }>)
      )
        .map(c => c.name)
        .sort();
      expect(keyColumns).toEqual(['canary_id', 'seq']);
      type ForeignKey = {
        table: string;
        from: string;
        to: string;
        onDelete: string;
      };
      const foreignKeys = sqlite
        ? ((await knex.raw(
            `SELECT "table", "from", "to", on_delete AS "onDelete"
             FROM pragma_foreign_key_list('mesh_canary_events')`,
          )) as ForeignKey[])
        : ((
            await knex.raw(
              `SELECT ccu.table_name AS "table", kcu.column_name AS "from",
                      ccu.column_name AS "to", rc.delete_rule AS "onDelete"
               FROM information_schema.referential_constraints rc
               JOIN information_schema.key_column_usage kcu
                 ON kcu.constraint_name = rc.constraint_name
               JOIN information_schema.constraint_column_usage ccu
                 ON ccu.constraint_name = rc.unique_constraint_name
               WHERE kcu.table_name = 'mesh_canary_events'`,
            )
          ).rows as ForeignKey[]);
      expect(foreignKeys.map(f => ({ ...f }))).toEqual([
        {
          table: 'mesh_canaries',
          from: 'canary_id',
          to: 'id',
          onDelete: 'CASCADE',
        },
      ]);
    });

    it('steps a canary exactly once per successful commit under 20 racing replicas', async () => {
      const knex = await migrated(id);
      // Two independent stores on two connection pools. On PostgreSQL that is a second knex on the
      // same database, as two replicas are. SQLite is one process with one connection (a
      // second in-process connection would only wait on SQLite's file lock), so there the two
      // stores share it and race between their statements and transactions.
      let other: Knex | undefined;
      if (knex.client.config.client === 'pg') {
        other = knexFactory({
          client: 'pg',
          connection: knex.client.config.connection,
          pool: { min: 0, max: 10 },
        });
      }
      try {
        const stores = [
          new DatabaseCanaryStore(knex),
          new DatabaseCanaryStore(other ?? knex),
        ];
        await stores[0].create(canary('race'), event());

        const succeeded: string[] = [];
        let stale = 0;
        let claims = 0;
        let released = 0;
        const pause = (ms: number) =>
          new Promise(resolve => setTimeout(resolve, Math.random() * ms));
        // The replicas keep stepping the canary, as they do while it is due, until 20 steps are
        // recorded (the deadline only guards against a hang).
        const deadline = Date.now() + 90_000;
        const replica = async (n: number) => {
          const store = stores[n % 2];
          for (
            let attempt = 0;
            succeeded.length < 20 && Date.now() < deadline;
            attempt++
          ) {
            const now = new Date();
            // Half the leases (1 ms) expire while their holder works, so others take them over
            // and the holder's commit must then fail; the others (5 s) outlast the work.
            const until = new Date(
              now.getTime() + (Math.random() < 0.5 ? 1 : 5000),
            );
            const c = await store.claim('race', `replica-${n}`, now, until);
            if (!c) {
              await pause(10);
              continue;
            }
            claims++;
            await pause(4);
            // Now and then a step decides to do nothing and only frees the lease.
            if (Math.random() < 0.1) {
              await store.release('race', c.version);
              released++;
              continue;
            }
            const token = `replica-${n} attempt-${attempt}`;
            const ok = await store.commit(
              'race',
              c.version,
              { failedChecks: c.failedChecks + 1, message: token },
              advanced(token),
            );
            if (ok) succeeded.push(token);
            else stale++;
          }
        };
        await Promise.all(Array.from({ length: 20 }, (_, n) => replica(n)));

        const final = (await stores[1].get('race'))!;
        // Both outcomes happened, or the race proved nothing.
        expect(succeeded.length).toBeGreaterThanOrEqual(20);
        expect(stale).toBeGreaterThan(0);
        expect(claims).toBe(succeeded.length + stale + released);
        // Numbered 1..N with no gap or repeat; one event per successful commit and no other.
        expect(final.events.map(e => e.seq)).toEqual(
          Array.from({ length: succeeded.length + 1 }, (_, i) => i + 1),
        );
        expect(
          final.events
            .slice(1)
            .map(e => e.message)
            .sort(),
        ).toEqual([...succeeded].sort());
        // No lost update: every successful commit built on the one before it.
        expect(final.failedChecks).toBe(succeeded.length);
        expect(final.leaseOwner).toBeUndefined();
        const raw = await knex('mesh_canary_events')
          .where({ canary_id: 'race' })
          .count('* as n');
        expect(Number(raw[0].n)).toBe(succeeded.length + 1);
      } finally {
        await other?.destroy();
      }
      // Loaded CI machines make the racing slow; the test ends as soon as 20 steps are recorded.
    }, 120_000);
  },
);
