// Request size limits: a month of 10,000 staff is about 5 MB of JSON; larger bodies are refused with 413.
export const BODY_LIMIT = '8mb';
export const BODY_LIMIT_BYTES = 8 * 1024 * 1024;
