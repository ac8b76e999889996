import { MigrationInterface, QueryRunner } from 'typeorm';

export class Accounts1795843496748 implements MigrationInterface {
  name = 'Accounts1795843496748';

  public async up(queryRunner: QueryRunner): Promise<void> {
    // Existing users get their key from their name; two names that differ only in case stop the migration (rename
    // one first): they could not both stay.
    await queryRunner.query(`ALTER TABLE "users" ADD "username_key" character varying(64)`);
    await queryRunner.query(`UPDATE "users" SET "username_key" = LOWER("username")`);
    await queryRunner.query(`ALTER TABLE "users" ALTER COLUMN "username_key" SET NOT NULL`);
    await queryRunner.query(`ALTER TABLE "users" ADD "must_change_password" boolean NOT NULL DEFAULT false`);
    await queryRunner.query(`CREATE UNIQUE INDEX "uq_users_username_key" ON "users"  ("username_key") `);
    await queryRunner.query(`CREATE UNIQUE INDEX "uq_users_staff" ON "users"  ("staff_id") `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."uq_users_staff"`);
    await queryRunner.query(`DROP INDEX "public"."uq_users_username_key"`);
    await queryRunner.query(`ALTER TABLE "users" DROP COLUMN "must_change_password"`);
    await queryRunner.query(`ALTER TABLE "users" DROP COLUMN "username_key"`);
  }
}
