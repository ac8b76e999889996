import { MigrationInterface, QueryRunner } from 'typeorm';

export class Users1795688707176 implements MigrationInterface {
  name = 'Users1795688707176';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "users" ("id" character varying(36) NOT NULL, "username" character varying(64) NOT NULL, "password_hash" character varying(200) NOT NULL, "role" character varying(16) NOT NULL, "staff_id" integer, "departments" text NOT NULL, "created_by" character varying(100) NOT NULL, "created_at" character varying(30) NOT NULL, "disabled_at" character varying(30), CONSTRAINT "PK_a3ffb1c0c8416b9fc6f907b7433" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE UNIQUE INDEX "uq_users_username" ON "users"  ("username") `);
    await queryRunner.query(
      `ALTER TABLE "users" ADD CONSTRAINT "FK_069904bbef5b28574db15061887" FOREIGN KEY ("staff_id") REFERENCES "staff"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "users" DROP CONSTRAINT "FK_069904bbef5b28574db15061887"`);
    await queryRunner.query(`DROP INDEX "public"."uq_users_username"`);
    await queryRunner.query(`DROP TABLE "users"`);
  }
}
