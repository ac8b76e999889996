import { MigrationInterface, QueryRunner } from 'typeorm';

export class ResultEmployeeNo1795678901880 implements MigrationInterface {
  name = 'ResultEmployeeNo1795678901880';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "staff_results" ADD "employee_no" character varying(64)`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "staff_results" DROP COLUMN "employee_no"`);
  }
}
