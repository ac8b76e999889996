// The finance feed of a period's scores: a page as it is sent (its JSON bytes and strong ETag), built once per
// run and query (scores-feed.ts).
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { ScoresBody, scoresBody, ScoresQuery } from './scores-feed';

@Injectable()
export class FinanceService {
  constructor(private readonly ds: DataSource) {}

  scores(period: string, query: ScoresQuery): Promise<ScoresBody> {
    return scoresBody(this.ds, period, query);
  }
}
