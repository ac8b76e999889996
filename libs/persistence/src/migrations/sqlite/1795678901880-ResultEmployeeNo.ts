import { MigrationInterface, QueryRunner } from 'typeorm';

export class ResultEmployeeNo1795678901880 implements MigrationInterface {
  name = 'ResultEmployeeNo1795678901880';

  public async up(queryRunner: QueryRunner): Promise<void> {
    // Written by hand: SQLite adds a nullable column in place (the generated statements rebuilt the table).
    await queryRunner.query(`ALTER TABLE "staff_results" ADD COLUMN "employee_no" varchar(64)`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "staff_results" DROP COLUMN "employee_no"`);
  }
}
