import { MigrationInterface, QueryRunner } from 'typeorm';

export class RuleStaffIndex1795676355876 implements MigrationInterface {
  name = 'RuleStaffIndex1795676355876';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE INDEX "ix_assignment_rules_staff" ON "assignment_rules"  ("staff_id") `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."ix_assignment_rules_staff"`);
  }
}
