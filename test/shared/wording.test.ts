/**
 * Every catalog message and next step is true where it is read: rendered for n8n, for Zapier and for
 * plain Node, no token is left, and no name of the other platform appears (Zapier has no "Check
 * Number Readiness" and no rate limit option; n8n has no "Find Phone Number Readiness").
 */
import { describeUnknown, DETAIL_CATALOG, ERROR_CATALOG, hasUnrenderedToken, MEDIA_HOST_CATALOG, OPERATIONS, PLAIN_LABELS, PlatformLabels, renderDeep, renderText, SUBCODE_CATALOG } from '../../shared';
import { N8N_LABELS } from '../../nodes/WhatsAppNumbers/labels';
import { ZAPIER_LABELS } from '../../zapier/labels';

const texts = (name: string, entry: { message: string; nextStep: string }): Array<[string, string]> => [
	[`${name} message`, entry.message],
	[`${name} next step`, entry.nextStep],
];

const catalogTexts: Array<[string, string]> = [
	...Object.entries(ERROR_CATALOG).flatMap(([code, entry]) => texts(code, entry)),
	...Object.entries(SUBCODE_CATALOG).flatMap(([code, entry]) => texts(code, entry)),
	...DETAIL_CATALOG.flatMap(({ code, pattern, entry }) => texts(`${code} ${pattern.source}`, entry)),
	...Object.entries(MEDIA_HOST_CATALOG).flatMap(([status, entry]) => texts(`media host ${status}`, entry)),
	...[undefined, 400, 401, 403, 404, 409, 429, 500].flatMap((status) => texts(`HTTP ${status}`, describeUnknown(status))),
];

const namesOf = (labels: PlatformLabels) => new Set([...Object.values(labels.operations), ...Object.values(labels.fields), labels.connection]);

/** Names one platform shows that the other does not (a quoted name may be shared: "Verify Code"). */
function foreignNames(own: PlatformLabels, other: PlatformLabels): string[] {
	const mine = namesOf(own);
	return [...namesOf(other)].filter((name) => ![...mine].some((candidate) => candidate.includes(name)));
}

const platforms: Array<[string, PlatformLabels, string[]]> = [
	['n8n', N8N_LABELS, foreignNames(N8N_LABELS, ZAPIER_LABELS)],
	['Zapier', ZAPIER_LABELS, foreignNames(ZAPIER_LABELS, N8N_LABELS)],
	['plain Node', PLAIN_LABELS, [N8N_LABELS.connection, ZAPIER_LABELS.connection]],
];

describe('catalog wording on every platform', () => {
	it('knows names that differ between the platforms (the test below would prove nothing otherwise)', () => {
		expect(foreignNames(ZAPIER_LABELS, N8N_LABELS)).toEqual(expect.arrayContaining(['"Check Number Readiness"', '"Rate Limit (Messages per Second)"']));
		expect(foreignNames(N8N_LABELS, ZAPIER_LABELS)).toEqual(expect.arrayContaining(['"Find Phone Number Readiness"']));
	});

	it.each(platforms)('renders every entry for %s with no token and no name of another platform', (_platform, labels, foreign) => {
		for (const [where, text] of catalogTexts) {
			const rendered = renderText(text, labels);
			expect({ where, rendered, token: hasUnrenderedToken(rendered) }).toEqual({ where, rendered: expect.stringMatching(/^[A-Z"'].*[.)]$/), token: false });
			for (const name of foreign) expect({ where, rendered, contains: rendered.includes(name) }).toEqual({ where, rendered, contains: false });
		}
	});

	it.each(platforms)("renders every operation's sample for %s with no token", (_platform, labels) => {
		for (const operation of OPERATIONS) expect([operation.id, hasUnrenderedToken(JSON.stringify(renderDeep(operation.sample, labels)))]).toEqual([operation.id, false]);
	});

	it('names operations and fields only by token, and every token names a declared operation or field', () => {
		const ids = new Set(OPERATIONS.map((operation) => operation.id));
		const keys = new Set(OPERATIONS.flatMap((operation) => operation.fields.map((field) => field.key)));
		const texts = [...catalogTexts.map(([, text]) => text), ...OPERATIONS.map((operation) => JSON.stringify(operation.sample))];
		for (const text of texts) {
			for (const operation of OPERATIONS) expect([text, text.includes(`"${operation.title}"`)]).toEqual([text, false]);
			for (const [, kind, id] of text.matchAll(/\{(op|field):([A-Za-z0-9_]+)\}/g)) expect([kind, id, kind === 'op' ? ids.has(id) : keys.has(id)]).toEqual([kind, id, true]);
		}
	});

	it('reads each platform its own names, and leaves out a sentence naming what the platform lacks', () => {
		const throughput = ERROR_CATALOG[130429].nextStep;
		expect(renderText(throughput, N8N_LABELS)).toBe('Wait a moment and retry. To send more slowly, lower "Rate Limit (Messages per Second)".');
		expect(renderText(throughput, ZAPIER_LABELS)).toBe('Wait a moment and retry.');
		expect(renderText(throughput, PLAIN_LABELS)).toBe('Wait a moment and retry. To send more slowly, lower ratePerSecond.');
		const pending = SUBCODE_CATALOG['100:2388001'].nextStep;
		expect(renderText(pending, N8N_LABELS)).toContain('(run "Check Number Readiness" or watch');
		expect(renderText(pending, ZAPIER_LABELS)).toContain('(run "Find Phone Number Readiness" or watch');
		expect(renderText(ERROR_CATALOG[190].nextStep, ZAPIER_LABELS)).toBe(
			'Create a new access token (a system-user token does not expire) and put it in your WhatsApp connection in Zapier.',
		);
		expect(renderText(ERROR_CATALOG[190].nextStep, N8N_LABELS)).toBe(
			'Create a new access token (a system-user token does not expire) and put it in the "WhatsApp Business Numbers API" credential.',
		);
	});
});
