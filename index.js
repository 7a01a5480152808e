/**
 * The Zapier app definition, compiled from zapier/ by `npm run build`: what the tests load and what
 * Zapier's CLI finds when run from the repository root. The deployable app is assembled with its own
 * entry by scripts/zapier/package.js. Not part of the npm package, which has no `main`: n8n loads the
 * files listed under `n8n` in package.json.
 */
module.exports = require('./dist/zapier').default;
