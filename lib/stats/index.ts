/**
 * Sustain's pure statistics core. No framework, database or I/O imports:
 * every function takes readonly data and returns data.
 */
export * from './errors';
export * from './random';
export * from './distributions';
export * from './tests';
export * from './ols';
export * from './cronbach-alpha';
