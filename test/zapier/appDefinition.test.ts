/**
 * What Zaps rely on, locked: the app definition as Zapier receives it (keys, labels, fields,
 * samples, output fields), with functions replaced by a marker, plus the fields the dynamic
 * input-field functions show for a new step. A change in the core must never silently change it;
 * when one is intended, it ships as a new app version with a migration and the snapshot is
 * updated with that decision (README, "Compatibility and breaking changes").
 */
import { App, appTester, zapier } from './support';

type Operation = { operation: { inputFields?: unknown[] } };

/** Zapier's serialized function references (`$func$2$f$`) and the release numbers become markers. */
function normalized(definition: Record<string, unknown>): unknown {
	return JSON.parse(
		JSON.stringify({ ...definition, version: '[version]', platformVersion: '[platform version]' }, (_key, value: unknown) =>
			typeof value === 'string' && /^\$func\$\d+\$[ft]\$$/.test(value) ? '[function]' : value,
		),
	);
}

describe('generated Zapier app', () => {
	it('definition', async () => {
		const response = await zapier.createAppHandler(App)({ command: 'definition' });
		expect(normalized(response.results)).toMatchSnapshot();
	});

	it('dynamic input fields of a new step (nothing entered yet)', async () => {
		const shown: Record<string, unknown[]> = {};
		for (const kind of ['creates', 'searches', 'triggers'] as const) {
			for (const [key, definition] of Object.entries((App as unknown as Record<string, Record<string, Operation>>)[kind])) {
				const functions = (definition.operation.inputFields ?? []).filter((entry) => typeof entry === 'function');
				for (const [position, entry] of functions.entries()) shown[`${kind}.${key}#${position}`] = await appTester(entry, { inputData: {} });
			}
		}
		expect(shown).toMatchSnapshot();
	});
});
