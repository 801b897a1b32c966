import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../../test/db.ts';
import { systemActor } from '../platform/access.ts';
import { recordAudit } from '../platform/audit/audit.ts';
import type { Database } from './client.ts';
import { type PreparedStatement, deferExecute, deferToCommit } from './commit-fusion.ts';

let database: Database;
beforeAll(async () => {
  database = await createTestDatabase();
  await database.db.execute(sql`create table fused_changes (id int primary key)`);
});
afterAll(() => database.close());
beforeEach(() => database.db.execute(sql`truncate fused_changes, audit_events, audit_seals restart identity`));

const count = async (table: 'fused_changes' | 'audit_events', db = database.db) =>
  Number(
    ((await db.execute(sql.raw(`select count(*)::int as n from ${table}`))) as unknown as { rows: { n: number }[] })
      .rows[0]!.n,
  );
const entry = { actor: systemActor, action: 'test.event', subject: { type: 'test', id: 'x' } };

describe.runIf(process.env.TEST_DATABASE_URL)('statements sent with the COMMIT (PostgreSQL)', () => {
  it('sends the audit entry with the commit: absent inside the transaction, stored with the change', async () => {
    const inside = await database.db.transaction(async (tx) => {
      await tx.execute(sql`insert into fused_changes values (1)`);
      await recordAudit(tx, entry);
      return count('audit_events', tx);
    });
    expect(inside).toBe(0);
    expect(await count('audit_events')).toBe(1);
    expect(await count('fused_changes')).toBe(1);
  });

  it('rolls the change back when a deferred statement fails at commit', async () => {
    await expect(
      database.db.transaction(async (tx) => {
        await tx.execute(sql`insert into fused_changes values (2)`);
        await recordAudit(tx, entry);
        expect(deferToCommit(tx, () => 'select 1/0')).toBe(true);
      }),
    ).rejects.toThrow(/division by zero/);
    expect(await count('fused_changes')).toBe(0);
    expect(await count('audit_events')).toBe(0);
    // The connection went back to the pool clean: the next transaction works.
    await database.db.transaction((tx) => tx.execute(sql`insert into fused_changes values (3)`));
    expect(await count('fused_changes')).toBe(1);
  });

  it('quotes values through the connection, so text cannot end the statement', async () => {
    const evil = "x'); drop table fused_changes; --\\ 中文";
    await database.db.transaction((tx) =>
      recordAudit(tx, { ...entry, subject: { type: 'test', id: evil }, details: { evil } }),
    );
    const rows = (await database.db.execute(sql`select subject_id, details from audit_events`)) as unknown as {
      rows: { subject_id: string; details: { evil: string } }[];
    };
    expect(rows.rows).toEqual([{ subject_id: evil, details: { evil } }]);
    expect(await count('fused_changes')).toBe(0);
  });

  const held = async (name: string) =>
    // Sequential transactions reuse the pool's most recently released connection.
    database.db.transaction(async (tx) => {
      const r = (await tx.execute(
        sql`select count(*)::int as n from pg_prepared_statements where name = ${name}`,
      )) as unknown as { rows: { n: number }[] };
      return r.rows[0]!.n;
    });

  it('sends the audit entry as a statement prepared once on the connection', async () => {
    for (const id of ['a', 'b', 'c']) {
      await database.db.transaction(async (tx) => {
        await tx.execute(sql`insert into fused_changes values (${id.charCodeAt(0)})`);
        await recordAudit(tx, { ...entry, subject: { type: 'test', id } });
      });
    }
    expect(await held('ranan_audit_append')).toBe(1);
    const rows = (await database.db.execute(sql`select subject_id from audit_events order by seq`)) as unknown as {
      rows: { subject_id: string }[];
    };
    expect(rows.rows.map((r) => r.subject_id)).toEqual(['a', 'b', 'c']);
  });

  it('knows the statement is prepared after a failed commit (a PREPARE outlives the rollback)', async () => {
    const statement: PreparedStatement = {
      name: `fused_insert_${Date.now()}`,
      types: ['int'],
      text: 'insert into fused_changes values ($1)',
    };
    await expect(
      database.db.transaction(async (tx) => {
        expect(deferExecute(tx, statement, [10])).toBe(true);
        deferToCommit(tx, () => 'select 1/0');
      }),
    ).rejects.toThrow(/division by zero/);
    expect(await held(statement.name)).toBe(1);
    // The same connection runs it again without preparing it twice (which would fail: it already exists).
    await database.db.transaction(async (tx) => {
      expect(deferExecute(tx, statement, [11])).toBe(true);
      expect(deferExecute(tx, statement, [12])).toBe(true);
    });
    const rows = (await database.db.execute(sql`select id from fused_changes order by id`)) as unknown as {
      rows: { id: number }[];
    };
    expect(rows.rows).toEqual([{ id: 11 }, { id: 12 }]);
  });

  it('inserts at once inside a savepoint, which may roll back on its own', async () => {
    await database.db.transaction(async (tx) => {
      await tx
        .transaction(async (sp) => {
          expect(deferToCommit(sp, () => 'select 1')).toBe(false);
          await recordAudit(sp, entry);
          throw new Error('undo the savepoint');
        })
        .catch(() => {});
      await recordAudit(tx, { ...entry, subject: { type: 'test', id: 'kept' } });
    });
    const rows = (await database.db.execute(sql`select subject_id from audit_events`)) as unknown as {
      rows: { subject_id: string }[];
    };
    expect(rows.rows).toEqual([{ subject_id: 'kept' }]);
  });
});

describe('outside a fused transaction', () => {
  it('defers nothing (the caller runs its statement at once)', async () => {
    expect(deferToCommit(database.db, () => 'select 1')).toBe(false);
    if (!process.env.TEST_DATABASE_URL) {
      await database.db.transaction(async (tx) => {
        expect(deferToCommit(tx, () => 'select 1')).toBe(false);
        await recordAudit(tx, entry);
        expect(await count('audit_events', tx)).toBe(1);
      });
    }
  });
});
