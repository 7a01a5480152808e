/** docs/errors.md is generated from the core's error catalog and must match it. */
import fs from 'node:fs';

import * as n8n from '../../../nodes/WhatsAppNumbers/labels';
import * as core from '../../../shared';
import * as catalog from '../../../shared/errors/catalog';
import * as zapier from '../../../zapier/labels';

type Modules = { core: typeof core; n8n: typeof n8n; zapier: typeof zapier };
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { renderErrorsPage: render, PAGE } = require('../../../scripts/docs/errors.js') as { renderErrorsPage: (source: typeof catalog, modules: Modules) => string; PAGE: string };
const renderErrorsPage = (source: typeof catalog) => render(source, { core, n8n, zapier });

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
	expect(page).toMatch(/^\| 130429 \| The number reached its messaging throughput \(80 messages per second by default\)\. \| Wait a moment and retry\. To send more slowly, lower "[^"]+"\. \| Retried automatically after a pause \(Retry-After, else 1 s\) \|$/m);
	expect(page).not.toMatch(/\{(op|field):/);
	expect(page).toMatch(/^\| 100 \/ 2388001 \| Meta refused to register the number because its display name has not been approved yet/m);
	expect(page).toContain('| 5xx | Meta had a temporary server problem. | Retry in a moment. | Retried automatically (backoff) |');
});
