// Library functions that open their own transaction with `ds.transaction(work)` can be made to run inside the
// caller's: the DataSource given to them hands `work` the caller's EntityManager instead (everything else is the
// real DataSource). The caller then writes its audit entry with the same manager, so the entry exists exactly
// when the library's change does. Only for functions whose every write goes through that manager.
import { DataSource, EntityManager } from 'typeorm';

export function joinTransaction(ds: DataSource, em: EntityManager): DataSource {
  return new Proxy(ds, {
    get(target, prop, receiver) {
      if (prop === 'transaction')
        // transaction(work) or transaction(isolationLevel, work): the work is the last argument.
        return (...args: unknown[]) => (args.at(-1) as (m: EntityManager) => Promise<unknown>)(em);
      return Reflect.get(target, prop, receiver) as unknown;
    },
  });
}
