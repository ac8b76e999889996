import { MigrationInterface, QueryRunner } from 'typeorm';

export class FinanceAndAudit1795678205208 implements MigrationInterface {
  name = 'FinanceAndAudit1795678205208';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "api_keys" ("id" character varying(36) NOT NULL, "name" character varying(100) NOT NULL, "prefix" character varying(16) NOT NULL, "hash" character varying(64) NOT NULL, "scopes" text NOT NULL, "created_by" character varying(100) NOT NULL, "created_at" character varying(30) NOT NULL, "revoked_at" character varying(30), "last_used_at" character varying(30), CONSTRAINT "PK_5c8a79801b44bd27b79228e1dad" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "ix_api_keys_prefix" ON "api_keys"  ("prefix") `);
    await queryRunner.query(
      `CREATE TABLE "payroll_exports" ("id" character varying(36) NOT NULL, "period" character varying(7) NOT NULL, "idempotency_key" character varying(200), "request_hash" character varying(64) NOT NULL, "format" character varying(8) NOT NULL, "line_count" integer NOT NULL, "total" character varying(32) NOT NULL, "checksum" character varying(64) NOT NULL, "created_by" character varying(100) NOT NULL, "created_at" character varying(30) NOT NULL, CONSTRAINT "PK_e24df9a809db19ed84b78bbccaa" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "uq_payroll_exports_idempotency_key" ON "payroll_exports"  ("idempotency_key") `,
    );
    await queryRunner.query(
      `CREATE TABLE "audit_log" ("id" SERIAL NOT NULL, "at" character varying(30) NOT NULL, "actor" character varying(100) NOT NULL, "action" character varying(64) NOT NULL, "entity" character varying(32) NOT NULL, "entity_key" character varying(100) NOT NULL, "before" text, "after" text, CONSTRAINT "PK_07fefa57f7f5ab8fc3f52b3ed0b" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "ix_audit_log_action" ON "audit_log"  ("action") `);
    await queryRunner.query(`CREATE INDEX "ix_audit_log_entity" ON "audit_log"  ("entity", "entity_key") `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."ix_audit_log_entity"`);
    await queryRunner.query(`DROP INDEX "public"."ix_audit_log_action"`);
    await queryRunner.query(`DROP TABLE "audit_log"`);
    await queryRunner.query(`DROP INDEX "public"."uq_payroll_exports_idempotency_key"`);
    await queryRunner.query(`DROP TABLE "payroll_exports"`);
    await queryRunner.query(`DROP INDEX "public"."ix_api_keys_prefix"`);
    await queryRunner.query(`DROP TABLE "api_keys"`);
  }
}
