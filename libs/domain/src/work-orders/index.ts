// The work-order feed: events received from work-order systems, the orders rebuilt from them, the mapping from a
// month's orders to inputs and workload tasks, and the derivation that stores them as an intake batch.
export * from './feed-signature';
export * from './work-order-events';
export * from './events-file';
export * from './feeds.service';
export * from './orders';
export * from './mapping';
export * from './month-orders';
export * from './work-order-mapping.service';
export * from './derivation.service';
