// The query of a page of staff results (results for people, scores for finance): a department, a page size and
// the cursor of the previous page.
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Matches, Max, MaxLength, Min } from 'class-validator';
import { MAX_PAGE, RESULT_VERSIONS, ResultVersion } from '@app/domain/runs';

export class ResultsQuery {
  @IsOptional()
  @IsString()
  @MaxLength(64)
  department?: string;

  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(MAX_PAGE)
  limit?: number;

  @IsOptional()
  @Matches(/^[A-Za-z0-9_-]{1,200}$/, { message: 'cursor must be a nextCursor from a previous page' })
  cursor?: string;

  /** The reader's language (read by @ReaderLanguage(); accepted here so the whitelist lets it through). */
  @IsOptional()
  @IsString()
  @MaxLength(16)
  lang?: string;
}

/** People's results may also be read as a closed month was corrected by its adjustments. */
export class StaffResultsQuery extends ResultsQuery {
  @IsOptional()
  @IsIn(RESULT_VERSIONS)
  version?: ResultVersion;
}

export class VersionQuery {
  @IsOptional()
  @IsIn(RESULT_VERSIONS)
  version?: ResultVersion;
}
