import { MigrationInterface, QueryRunner } from 'typeorm';

export class GradeQuotas1795940000000 implements MigrationInterface {
  name = 'GradeQuotas1795940000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "grade_overrides" ("id" SERIAL NOT NULL, "staff_id" integer NOT NULL, "period" character varying(7) NOT NULL, "grade" character varying(64) NOT NULL, "reason" character varying(500) NOT NULL, "author" character varying(100) NOT NULL, "created_at" character varying(30) NOT NULL, CONSTRAINT "uq_grade_overrides_staff_period" UNIQUE ("staff_id", "period"), CONSTRAINT "PK_19816a6d8d22e0e6cd4ccbc5772" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "ix_grade_overrides_period" ON "grade_overrides"  ("period") `);
    await queryRunner.query(`ALTER TABLE "staff_results" ADD "calibration" text`);
    await queryRunner.query(
      `ALTER TABLE "grade_overrides" ADD CONSTRAINT "FK_77c4a3d693f204064be90254938" FOREIGN KEY ("staff_id") REFERENCES "staff"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "grade_overrides" DROP CONSTRAINT "FK_77c4a3d693f204064be90254938"`);
    await queryRunner.query(`ALTER TABLE "staff_results" DROP COLUMN "calibration"`);
    await queryRunner.query(`DROP INDEX "public"."ix_grade_overrides_period"`);
    await queryRunner.query(`DROP TABLE "grade_overrides"`);
  }
}
