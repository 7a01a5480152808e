/**
 * Two projects: `unit` (fast, nock only, parallel) and `e2e` (real servers: the sandbox, a real
 * n8n, the relay, PostgreSQL). `npm test` runs both, one project after the other in separate jest
 * processes (scripts/test.js), and every file restores node's http module (test/support/isolateHttp.ts),
 * so no file's patching can reach another's.
 */
const transform = {
	'^.+\\.(t|j)sx?$': ['@swc/jest', { jsc: { parser: { syntax: 'typescript' }, target: 'es2021' }, module: { type: 'commonjs' } }],
};

module.exports = {
	projects: [
		{
			displayName: 'unit',
			transform,
			testEnvironment: 'node',
			roots: ['<rootDir>/test'],
			testMatch: ['**/*.test.ts'],
			testPathIgnorePatterns: ['/node_modules/', '\\.e2e\\.test\\.ts$'],
			// isolateHttp first: it records node's http functions before nock patches them.
			setupFilesAfterEnv: ['<rootDir>/test/support/isolateHttp.ts', '<rootDir>/test/support/noNetwork.ts'],
		},
		{
			displayName: 'e2e',
			transform,
			testEnvironment: 'node',
			roots: ['<rootDir>/test'],
			testMatch: ['**/*.e2e.test.ts'],
			setupFilesAfterEnv: ['<rootDir>/test/support/isolateHttp.ts'],
		},
	],
};
