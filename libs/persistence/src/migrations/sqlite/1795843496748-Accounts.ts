import { MigrationInterface, QueryRunner } from 'typeorm';

export class Accounts1795843496748 implements MigrationInterface {
  name = 'Accounts1795843496748';

  public async up(queryRunner: QueryRunner): Promise<void> {
    // The users table is rebuilt (nothing references it); existing users get their key from their name.
    await queryRunner.query(`DROP INDEX "uq_users_username"`);
    await queryRunner.query(
      `CREATE TABLE "temporary_users" ("id" varchar(36) PRIMARY KEY NOT NULL, "username" varchar(64) NOT NULL, "password_hash" varchar(200) NOT NULL, "role" varchar(16) NOT NULL, "staff_id" integer, "departments" text NOT NULL, "created_by" varchar(100) NOT NULL, "created_at" varchar(30) NOT NULL, "disabled_at" varchar(30), "username_key" varchar(64) NOT NULL, "must_change_password" boolean NOT NULL DEFAULT (0), CONSTRAINT "FK_069904bbef5b28574db15061887" FOREIGN KEY ("staff_id") REFERENCES "staff" ("id") ON DELETE RESTRICT ON UPDATE NO ACTION)`,
    );
    await queryRunner.query(
      `INSERT INTO "temporary_users"("id", "username", "password_hash", "role", "staff_id", "departments", "created_by", "created_at", "disabled_at", "username_key") SELECT "id", "username", "password_hash", "role", "staff_id", "departments", "created_by", "created_at", "disabled_at", LOWER("username") FROM "users"`,
    );
    await queryRunner.query(`DROP TABLE "users"`);
    await queryRunner.query(`ALTER TABLE "temporary_users" RENAME TO "users"`);
    await queryRunner.query(`CREATE UNIQUE INDEX "uq_users_username" ON "users" ("username") `);
    await queryRunner.query(`CREATE UNIQUE INDEX "uq_users_username_key" ON "users" ("username_key") `);
    await queryRunner.query(`CREATE UNIQUE INDEX "uq_users_staff" ON "users" ("staff_id") `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "uq_users_staff"`);
    await queryRunner.query(`DROP INDEX "uq_users_username_key"`);
    await queryRunner.query(`DROP INDEX "uq_users_username"`);
    await queryRunner.query(`ALTER TABLE "users" RENAME TO "temporary_users"`);
    await queryRunner.query(
      `CREATE TABLE "users" ("id" varchar(36) PRIMARY KEY NOT NULL, "username" varchar(64) NOT NULL, "password_hash" varchar(200) NOT NULL, "role" varchar(16) NOT NULL, "staff_id" integer, "departments" text NOT NULL, "created_by" varchar(100) NOT NULL, "created_at" varchar(30) NOT NULL, "disabled_at" varchar(30), CONSTRAINT "FK_069904bbef5b28574db15061887" FOREIGN KEY ("staff_id") REFERENCES "staff" ("id") ON DELETE RESTRICT ON UPDATE NO ACTION)`,
    );
    await queryRunner.query(
      `INSERT INTO "users"("id", "username", "password_hash", "role", "staff_id", "departments", "created_by", "created_at", "disabled_at") SELECT "id", "username", "password_hash", "role", "staff_id", "departments", "created_by", "created_at", "disabled_at" FROM "temporary_users"`,
    );
    await queryRunner.query(`DROP TABLE "temporary_users"`);
    await queryRunner.query(`CREATE UNIQUE INDEX "uq_users_username" ON "users" ("username") `);
  }
}
