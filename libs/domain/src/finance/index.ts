// finance: the concept's public face for the apps and the other concepts.
export * from './finance.service';
export * from './scores-feed';
export * from './scores-download';
