/**
 * What n8n workflows rely on, locked: the generated descriptions of the three nodes and the two
 * credentials (parameters, options, defaults, display conditions, credential tests). A change in
 * the core must never silently change them; when one is intended, it ships as a new node version
 * and the snapshot is updated with that decision (README, "Compatibility and breaking changes").
 */
import { WhatsAppNumbersApi } from '../../credentials/WhatsAppNumbersApi.credentials';
import { WhatsAppNumbersAppApi } from '../../credentials/WhatsAppNumbersAppApi.credentials';
import { WhatsAppNumbers } from '../../nodes/WhatsAppNumbers/WhatsAppNumbers.node';
import { WhatsAppNumbersStatusTrigger } from '../../nodes/WhatsAppNumbers/WhatsAppNumbersStatusTrigger.node';
import { WhatsAppNumbersTrigger } from '../../nodes/WhatsAppNumbers/WhatsAppNumbersTrigger.node';

/** Plain data as n8n stores and compares it; a function (none expected) would show as a marker. */
const data = (value: unknown): unknown => JSON.parse(JSON.stringify(value, (_key, inner: unknown) => (typeof inner === 'function' ? '[function]' : inner)));

describe('generated n8n interfaces', () => {
	it.each([
		['WhatsAppNumbers', () => new WhatsAppNumbers().description],
		['WhatsAppNumbersTrigger', () => new WhatsAppNumbersTrigger().description],
		['WhatsAppNumbersStatusTrigger', () => new WhatsAppNumbersStatusTrigger().description],
	])('node %s', (_name, description) => {
		expect(data(description())).toMatchSnapshot();
	});

	it.each([
		['WhatsAppNumbersApi', () => new WhatsAppNumbersApi()],
		['WhatsAppNumbersAppApi', () => new WhatsAppNumbersAppApi()],
	])('credential %s', (_name, credential) => {
		expect(data({ ...credential() })).toMatchSnapshot();
	});
});
