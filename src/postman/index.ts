export { DEFAULT_BASE_URL, parseBaseUrl } from './baseUrl';
export { PostmanClient } from './client';
export { PostmanError, isPostmanError, userMessage, type PostmanErrorKind } from './errors';
export { HttpTransport, type Credential, type HttpSettings, type RateLimitSnapshot } from './http';
export { type Logger, silentLogger } from './logger';
export { redact, REDACTED } from './redact';
export type * from './types';
export { PostmanRepository, type CacheKey } from './repository';
