// Terminal output shared by the command-line entry points (the `scorecard` CLI and the demo): following a
// scoring run with a progress bar. Only apps import it; it never reaches the API's request path.
export * from './follow-run';
