/** The core's internal operations (the n8n trigger's and the relay's plumbing) are never Zap steps. */
import { OPERATIONS, zapierKey } from '../../shared';
import { requireOperation } from '../../zapier/perform';
import { App } from './support';

const internal = OPERATIONS.filter((operation) => operation.internal);

it('the app generation refuses an internal operation loudly', () => {
	expect(internal.length).toBeGreaterThan(0);
	for (const operation of internal) {
		expect(() => requireOperation(operation.id)).toThrow(`The core operation "${operation.id}" is internal (not meant to be offered to users); the Zapier app cannot offer it.`);
	}
});

it('no create, search or trigger carries an internal operation key', () => {
	const app = App as unknown as Record<'creates' | 'searches' | 'triggers', Record<string, unknown>>;
	const keys = [...Object.keys(app.creates), ...Object.keys(app.searches), ...Object.keys(app.triggers)];
	for (const operation of internal) expect(keys).not.toContain(zapierKey(operation.id));
});
