/**
 * The Zapier app (platform core 19). Everything an operation does comes from the core's
 * declarations (shared/operations); this folder only maps fields, samples and errors.
 * The repository's root `index.js` exports this definition (compiled to dist/zapier).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { version as platformVersion } from 'zapier-platform-core';
import { BASE_AUTH_FIELDS, connectionLabel, testConnection } from './authentication';
import { buildCreates } from './creates';
import { relayAuthFields, relaySearches, relayTriggers } from './instant';
import { downloadMediaCreate, hydrateMediaFile } from './media';
import { checkNumberReadiness, findBusinessProfile, findPhoneNumber } from './searches';
import { findTemplate, templateList } from './templates';
import { phoneNumberList, phoneNumberStatusChanged } from './triggers';

/**
 * The app's version is its package's: the repository's package.json here, the assembled folder's
 * (.cache/zapier-app/package.json, same version) once packaged for `zapier-platform push`.
 */
export function packageVersion(from = __dirname): string {
	for (let dir = from; ; dir = path.dirname(dir)) {
		const candidate = path.join(dir, 'package.json');
		if (fs.existsSync(candidate)) return String(JSON.parse(fs.readFileSync(candidate, 'utf8')).version);
		if (path.dirname(dir) === dir) throw new Error(`No package.json above ${from}: the Zapier app needs one for its version.`);
	}
}

const App = {
	version: packageVersion(),
	platformVersion,
	flags: {
		// The core reads every status itself (Meta's errors arrive as 400 envelopes) and maps its
		// own throttling, including Meta's throttling codes that come with HTTP 400.
		skipThrowForStatus: true,
		throwForThrottlingEarly: false,
		cleanInputData: true,
	},
	authentication: {
		type: 'custom' as const,
		fields: [...BASE_AUTH_FIELDS, ...relayAuthFields],
		test: testConnection,
		connectionLabel,
	},
	triggers: {
		[phoneNumberStatusChanged.key]: phoneNumberStatusChanged,
		[phoneNumberList.key]: phoneNumberList,
		[templateList.key]: templateList,
		...relayTriggers,
	},
	searches: {
		[findPhoneNumber.key]: findPhoneNumber,
		[checkNumberReadiness.key]: checkNumberReadiness,
		[findBusinessProfile.key]: findBusinessProfile,
		[findTemplate.key]: findTemplate,
		...relaySearches,
	},
	creates: { ...buildCreates(), [downloadMediaCreate.key]: downloadMediaCreate },
	// Files a step outputs are fetched only when a later step uses them (zapier/media.ts).
	hydrators: { downloadMedia: hydrateMediaFile },
};

export default App;
