/**
 * Lets a child `node` process run the TypeScript sources directly (`node -r <this> relay/cli.ts`),
 * compiled on the fly by @swc/core like jest does, so process-level tests never run a stale dist/.
 */
const fs = require('node:fs');
const { transformSync } = require('@swc/core');

require.extensions['.ts'] = function compileTypeScript(module, filename) {
	const { code } = transformSync(fs.readFileSync(filename, 'utf8'), {
		filename,
		jsc: { parser: { syntax: 'typescript' }, target: 'es2021' },
		module: { type: 'commonjs' },
		sourceMaps: 'inline',
	});
	module._compile(code, filename);
};
