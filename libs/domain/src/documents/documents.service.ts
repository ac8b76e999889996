// A month's scorecard document in and out: importing upserts its configuration, people and monthly values in
// one transaction (with its audit entry and its intake batch: the same document again is a duplicate that changes
// nothing); exporting rebuilds the document that scores to the month's results.
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { ScorecardDocument } from '@app/scoring';
import { exportDocument } from './export-document';
import { ImportedDocument, importDocument } from './import-document';

@Injectable()
export class DocumentsService {
  constructor(private readonly ds: DataSource) {}

  /** Imports a document; `actor` is its audit entry's actor and its observations' `entered_by`. */
  import(raw: unknown, actor: string): Promise<ImportedDocument> {
    return importDocument(this.ds, raw, actor);
  }

  export(period: string): Promise<ScorecardDocument> {
    return exportDocument(this.ds, period);
  }
}
