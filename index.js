/**
 * Zapier's entry point (root `index.js`, the package's `main`): the Zapier app definition,
 * compiled from zapier/ by `npm run build`. The n8n package does not use it.
 */
module.exports = require('./dist/zapier').default;
