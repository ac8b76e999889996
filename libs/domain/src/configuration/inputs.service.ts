// The input dictionary by code. An input's level stays while observations of it exist, its level and aggregate
// while a closed month uses it, and the input itself while observations or formulas use it. Every change is
// audited (`input.create`, `input.update`, `input.delete`).
import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import {
  Aggregate,
  IncentivePlan,
  IndicatorSetVersion,
  InputDefinition,
  Observation,
} from '@app/persistence';
import { storedName, type InputLevel, type LocalName } from '@app/scoring';
import { auditedWrite } from '../audit';
import { assertInputChangeAllowed, formulaUses as uses } from '../periods';
import { ConfigurationConflictError } from './configuration-errors';
import { findOrFail, given } from './lookup';

export interface InputFields {
  /** One text, or `{zh, en}`. */
  name: LocalName;
  unit: string;
  level: InputLevel;
  aggregate?: Aggregate;
}

const ENTITY = 'input';

/** `names` only when the name was given per language. */
function view({ code, name, names, unit, level, aggregate }: InputDefinition) {
  return { code, name, ...(names ? { names } : {}), unit, level, aggregate };
}

/** The fields as stored: the name as `name` and `names`. */
function stored<B extends { name?: LocalName }>(body: B) {
  const { name, ...rest } = body;
  return name === undefined ? rest : { ...rest, ...storedName(name) };
}

function find(em: EntityManager, code: string): Promise<InputDefinition> {
  return findOrFail(em, InputDefinition, { code }, `input "${code}"`);
}

/** Every stored formula naming the input: indicators of any set version, and periods' incentive formulas. */
async function formulasUsing(em: EntityManager, code: string): Promise<string[]> {
  const out: string[] = [];
  const versions = await em.find(IndicatorSetVersion, { relations: { set: true }, order: { id: 'ASC' } });
  for (const v of versions) {
    for (const ind of v.content.indicators ?? [])
      if (uses(ind.formula, code))
        out.push(`indicator ${ind.code} of set ${v.set.code} version ${v.version}`);
  }
  // Any version of a month's plan: a run of the month may have paid with it.
  for (const p of await em.find(IncentivePlan, { order: { period: 'ASC', version: 'ASC' } })) {
    const d = p.definition;
    const formulas = [d?.amount, d?.weight, d?.proration, ...(d?.pools ?? []).map((x) => x.formula)];
    if (formulas.some((f) => uses(f, code)))
      out.push(`the incentive plan of period ${p.period} version ${p.version}`);
  }
  return out;
}

@Injectable()
export class InputsService {
  constructor(private readonly ds: DataSource) {}

  async list() {
    return (await this.ds.getRepository(InputDefinition).find({ order: { code: 'ASC' } })).map(view);
  }

  async get(code: string) {
    return view(await find(this.ds.manager, code));
  }

  create(actor: string, body: InputFields & { code: string }) {
    return this.ds.transaction((em) =>
      auditedWrite(em, actor, { action: `${ENTITY}.create`, entity: ENTITY }, async () => {
        if (await em.findOne(InputDefinition, { where: { code: body.code } }))
          throw new ConfigurationConflictError(`input "${body.code}" already exists`);
        const after = view(
          await em.save(em.create(InputDefinition, { aggregate: 'sum', ...given(stored(body)) })),
        );
        return { result: after, entityKey: after.code, after };
      }),
    );
  }

  /** Changes name, unit, level or aggregate (the code stays: formulas use it). */
  update(actor: string, code: string, body: Partial<InputFields>) {
    return this.ds.transaction((em) =>
      auditedWrite(em, actor, { action: `${ENTITY}.update`, entity: ENTITY }, async () => {
        const row = await find(em, code);
        const before = view(row);
        await assertInputChangeAllowed(em, row, body);
        // Stored observations were checked against the level (staff or department) they were entered for.
        if (body.level !== undefined && body.level !== row.level) {
          const used = await em.count(Observation, { where: { inputId: row.id } });
          if (used)
            throw new ConfigurationConflictError(
              `input "${code}" has ${used} observation(s): its level cannot change`,
            );
        }
        const after = view(await em.save(Object.assign(row, given(stored(body)))));
        return { result: after, entityKey: code, before, after };
      }),
    );
  }

  async remove(actor: string, code: string): Promise<void> {
    await this.ds.transaction((em) =>
      auditedWrite(em, actor, { action: `${ENTITY}.delete`, entity: ENTITY }, async () => {
        const row = await find(em, code);
        await assertInputChangeAllowed(em, row, 'delete');
        const observations = await em.count(Observation, { where: { inputId: row.id } });
        if (observations)
          throw new ConfigurationConflictError(`input "${code}" is used by ${observations} observation(s)`);
        const users = await formulasUsing(em, code);
        if (users.length)
          throw new ConfigurationConflictError(`input "${code}" is used by ${users.join(', ')}`);
        const before = view(row);
        await em.delete(InputDefinition, { id: row.id });
        return { result: undefined, entityKey: code, before };
      }),
    );
  }
}
