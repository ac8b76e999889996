import { MigrationInterface, QueryRunner } from 'typeorm';

export class FinanceAndAudit1795678205208 implements MigrationInterface {
  name = 'FinanceAndAudit1795678205208';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "api_keys" ("id" varchar(36) PRIMARY KEY NOT NULL, "name" varchar(100) NOT NULL, "prefix" varchar(16) NOT NULL, "hash" varchar(64) NOT NULL, "scopes" text NOT NULL, "created_by" varchar(100) NOT NULL, "created_at" varchar(30) NOT NULL, "revoked_at" varchar(30), "last_used_at" varchar(30))`,
    );
    await queryRunner.query(`CREATE INDEX "ix_api_keys_prefix" ON "api_keys" ("prefix") `);
    await queryRunner.query(
      `CREATE TABLE "payroll_exports" ("id" varchar(36) PRIMARY KEY NOT NULL, "period" varchar(7) NOT NULL, "idempotency_key" varchar(200), "request_hash" varchar(64) NOT NULL, "format" varchar(8) NOT NULL, "line_count" integer NOT NULL, "total" varchar(32) NOT NULL, "checksum" varchar(64) NOT NULL, "created_by" varchar(100) NOT NULL, "created_at" varchar(30) NOT NULL)`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "uq_payroll_exports_idempotency_key" ON "payroll_exports" ("idempotency_key") `,
    );
    await queryRunner.query(
      `CREATE TABLE "audit_log" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "at" varchar(30) NOT NULL, "actor" varchar(100) NOT NULL, "action" varchar(64) NOT NULL, "entity" varchar(32) NOT NULL, "entity_key" varchar(100) NOT NULL, "before" text, "after" text)`,
    );
    await queryRunner.query(`CREATE INDEX "ix_audit_log_action" ON "audit_log" ("action") `);
    await queryRunner.query(`CREATE INDEX "ix_audit_log_entity" ON "audit_log" ("entity", "entity_key") `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "ix_audit_log_entity"`);
    await queryRunner.query(`DROP INDEX "ix_audit_log_action"`);
    await queryRunner.query(`DROP TABLE "audit_log"`);
    await queryRunner.query(`DROP INDEX "uq_payroll_exports_idempotency_key"`);
    await queryRunner.query(`DROP TABLE "payroll_exports"`);
    await queryRunner.query(`DROP INDEX "ix_api_keys_prefix"`);
    await queryRunner.query(`DROP TABLE "api_keys"`);
  }
}
