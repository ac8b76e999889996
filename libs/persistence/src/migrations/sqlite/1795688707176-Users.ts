import { MigrationInterface, QueryRunner } from 'typeorm';

export class Users1795688707176 implements MigrationInterface {
  name = 'Users1795688707176';

  public async up(queryRunner: QueryRunner): Promise<void> {
    // Written by hand: the table with its foreign key in place (the generated statements built it twice).
    await queryRunner.query(
      `CREATE TABLE "users" ("id" varchar(36) PRIMARY KEY NOT NULL, "username" varchar(64) NOT NULL, "password_hash" varchar(200) NOT NULL, "role" varchar(16) NOT NULL, "staff_id" integer, "departments" text NOT NULL, "created_by" varchar(100) NOT NULL, "created_at" varchar(30) NOT NULL, "disabled_at" varchar(30), CONSTRAINT "FK_069904bbef5b28574db15061887" FOREIGN KEY ("staff_id") REFERENCES "staff" ("id") ON DELETE RESTRICT ON UPDATE NO ACTION)`,
    );
    await queryRunner.query(`CREATE UNIQUE INDEX "uq_users_username" ON "users" ("username") `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "uq_users_username"`);
    await queryRunner.query(`DROP TABLE "users"`);
  }
}
