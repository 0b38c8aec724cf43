/** Standard packs (服务规范): schema, validation from YAML texts, and pure helpers. */
export * from './schema.js';
export { validatePackFiles, validatePackValue, formatProblem, formatPath, PackValidationError, type PackFile, type PackProblem, type PackResult } from './validate.js';
export { packWarnings, type PackWarning } from './warnings.js';
export { diffPacks, formatChange, type PackChange, type PackChangeKind } from './diff.js';
export { renderScript, type ScriptVars } from './render.js';
export { packIdentity, type HotlineIdentity, type OrgProfile } from './identity.js';
export { toQaConfig, type PackQaConfig } from './qa.js';
export { packSummary } from './summary.js';
