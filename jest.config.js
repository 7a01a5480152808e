/**
 * Two projects: `unit` (fast, nock only, parallel) and `e2e` (real servers: the sandbox, a real
 * n8n, the relay, PostgreSQL; run one file at a time). `npm test` runs both.
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
			setupFilesAfterEnv: ['<rootDir>/test/support/noNetwork.ts'],
		},
		{
			displayName: 'e2e',
			transform,
			testEnvironment: 'node',
			roots: ['<rootDir>/test'],
			testMatch: ['**/*.e2e.test.ts'],
		},
	],
};
