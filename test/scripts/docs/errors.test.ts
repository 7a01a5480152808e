/** docs/errors.md is generated from the core's error catalog and must match it. */
import fs from 'node:fs';

import * as catalog from '../../../shared/errors/catalog';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { renderErrorsPage, PAGE } = require('../../../scripts/docs/errors.js') as { renderErrorsPage: (source: typeof catalog) => string; PAGE: string };

it('docs/errors.md matches the catalog (run `npm run docs` after changing shared/errors/catalog.ts)', () => {
	const current = fs.existsSync(PAGE) ? fs.readFileSync(PAGE, 'utf8') : '(docs/errors.md is missing)';
	expect(current).toBe(renderErrorsPage(catalog));
});

it('lists every code with what happened, what to do and whether it is retried', () => {
	const page = renderErrorsPage(catalog);

	for (const code of Object.keys(catalog.ERROR_CATALOG)) expect(page).toMatch(new RegExp(`^\\| ${code} \\| `, 'm'));
	expect(page).toContain(
		'| 133016 | This number reached the limit of 10 register or deregister requests in 72 hours and is blocked from registering for up to 72 hours. | Wait 72 hours before registering or deregistering this number again. Do not retry in a loop: every attempt counts. | No: wait, then try once |',
	);
	expect(page).toContain('| 130429 | The number reached its messaging throughput (80 messages per second by default). | Slow down: lower the rate limit option, or wait a moment and retry. | Retried automatically after a pause (Retry-After, else 1 s) |');
	expect(page).toMatch(/^\| 100 \/ 2388001 \| Meta refused to register the number because its display name has not been approved yet/m);
	expect(page).toContain('| 5xx | Meta had a temporary server problem. | Retry in a moment. | Retried automatically (backoff) |');
});
