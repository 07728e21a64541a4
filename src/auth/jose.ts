import type * as Jose from 'jose';

/**
 * The one place that loads jose. jose 6 ships ES modules only: Node (≥ 20.19 / 22.12) require()s
 * them natively, but jest 29's module registry parses every file as CommonJS and fails on them.
 * Node's own require, reached through getBuiltinModule so that jest cannot substitute its registry,
 * loads jose the same way in both. Once jest transforms jose (transformIgnorePatterns), this file
 * can become `export * from 'jose'`.
 */
const nodeRequire = process.getBuiltinModule('node:module').createRequire(__filename);

export const jose: typeof Jose = nodeRequire('jose');
export type { JWTPayload, JWTVerifyGetKey, KeyObject } from 'jose';
