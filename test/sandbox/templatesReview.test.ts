/**
 * Meta's side of a template's life (docs/meta-templates.md §3, §6): review decisions, quality
 * changes that pause and then disable, recategorization, and the signed webhooks each one sends
 * (`message_template_status_update`, `message_template_quality_update`, `template_category_update`)
 * to the app callback.
 */
import { startSandbox, Sandbox } from '../../sandbox';
import { expectWhatsAppError, graphClient, rawRequest } from '../fixtures/sandbox/http';
import { ReceivedPost, Receiver, signatureIsValid, startReceiver } from '../fixtures/sandbox/receiver';

const WABA = '100000000000001';
const PN = '200000000000001';
let sb: Sandbox;
let graph: ReturnType<typeof graphClient>;
let receiver: Receiver;

beforeEach(async () => {
	receiver = await startReceiver('review-token');
	sb = await startSandbox({ port: 0, pairRate: null, webhookRetry: { maxAttempts: 2, initialDelayMs: 10, timeoutMs: 1000 } });
	sb.control.setApp({ callbackUrl: receiver.url, verifyToken: 'review-token' });
	graph = graphClient(sb);
});
afterEach(async () => {
	await sb.stop();
	await receiver.stop();
});

const fieldIs = (field: string, templateId: string) => (p: ReceivedPost) =>
	p.json.entry[0].changes[0].field === field && String(p.json.entry[0].changes[0].value.message_template_id) === templateId;
const valueOf = (post: ReceivedPost) => post.json.entry[0].changes[0].value;
const create = async (name: string, category = 'MARKETING'): Promise<string> =>
	(await graph('POST', `/v25.0/${WABA}/message_templates`, { json: { name, language: 'en_US', category, components: [{ type: 'BODY', text: 'Hi {{1}}, see you soon.', example: { body_text: [['Ana']] } }] } })).body.id;
const send = (name: string) =>
	graph('POST', `/v25.0/${PN}/messages`, { json: { messaging_product: 'whatsapp', to: '+16505551234', type: 'template', template: { name, language: { code: 'en_US' }, components: [{ type: 'body', parameters: [{ type: 'text', text: 'Ana' }] }] } } });
const status = async (id: string) => (await graph('GET', `/v25.0/${id}`, { query: { fields: 'status' } })).body.status;

describe('review', () => {
	it('approves a PENDING template: status APPROVED, a signed message_template_status_update, and it can be sent', async () => {
		const id = await create('visit_soon');
		expectWhatsAppError(await send('visit_soon'), 404, 132001);
		const answer = await rawRequest(sb.baseUrl, 'POST', `/_sandbox/templates/${id}/review`, { json: { decision: 'APPROVED' } });
		expect(answer.body).toEqual({ id, status: 'APPROVED', deliveryId: expect.any(Number) });
		const post = await receiver.waitForPost(fieldIs('message_template_status_update', id));
		expect(signatureIsValid(sb.appSecret, post.raw, post.headers['x-hub-signature-256'])).toBe(true);
		expect(post.json).toEqual({
			object: 'whatsapp_business_account',
			entry: [
				{
					id: WABA,
					time: expect.any(Number),
					changes: [
						{
							field: 'message_template_status_update',
							value: { event: 'APPROVED', message_template_id: Number(id), message_template_name: 'visit_soon', message_template_language: 'en_US', reason: 'NONE', message_template_category: 'MARKETING' },
						},
					],
				},
			],
		});
		// The ID is a JSON number in this payload, unlike every other ID.
		expect(post.raw.toString()).toContain(`"message_template_id":${id},`);
		expect(await status(id)).toBe('APPROVED');
		expect((await send('visit_soon')).status).toBe(200);
	});

	it('rejects with INVALID_FORMAT by default (with rejection_info) or with the reason given', async () => {
		const first = await create('first_try');
		sb.control.templates.review(first, 'REJECTED');
		expect(valueOf(await receiver.waitForPost(fieldIs('message_template_status_update', first)))).toEqual({
			event: 'REJECTED',
			message_template_id: Number(first),
			message_template_name: 'first_try',
			message_template_language: 'en_US',
			reason: 'INVALID_FORMAT',
			message_template_category: 'MARKETING',
			rejection_info: {
				reason: 'Your template has parameters placed next to each other (like {{1}}{{2}}) without text or punctuation between them.',
				recommendation: 'Separate parameters with descriptive text and ensure each parameter is clearly contextualized.',
			},
		});
		const second = await create('second_try');
		sb.control.templates.review(second, 'REJECTED', 'PROMOTIONAL');
		const value = valueOf(await receiver.waitForPost(fieldIs('message_template_status_update', second)));
		expect(value).toMatchObject({ event: 'REJECTED', reason: 'PROMOTIONAL' });
		expect(value).not.toHaveProperty('rejection_info');
		expect((await graph('GET', `/v25.0/${second}`, { query: { fields: 'status,rejected_reason' } })).body).toEqual({ status: 'REJECTED', rejected_reason: 'PROMOTIONAL', id: second });
		expectWhatsAppError(await send('second_try'), 404, 132001);
		// An edited rejected template goes back to review and can be approved.
		sb.control.templates.review(second, 'APPROVED');
		expect((await graph('GET', `/v25.0/${second}`, { query: { fields: 'status,rejected_reason' } })).body).toEqual({ status: 'APPROVED', rejected_reason: 'NONE', id: second });
	});

	it('validates the control call', async () => {
		const id = await create('to_check');
		const call = (templateId: string, json: unknown) => rawRequest(sb.baseUrl, 'POST', `/_sandbox/templates/${templateId}/review`, { json });
		expect((await call(id, { decision: 'MAYBE' })).status).toBe(400);
		expect((await call(id, { decision: 'APPROVED', reason: 'SCAM' })).status).toBe(400);
		expect((await call(id, { decision: 'REJECTED', reason: 'BORING' })).status).toBe(400);
		expect((await call('799999999999999', { decision: 'APPROVED' })).status).toBe(404);
		const already = await call('700000000000001', { decision: 'APPROVED' });
		expect(already).toMatchObject({ status: 409, body: { error: { message: expect.stringContaining('is APPROVED') } } });
		expect((await call('700000000000009', { decision: 'APPROVED' })).status).toBe(409);
		expect(await status(id)).toBe('PENDING');
	});
});

describe('quality', () => {
	it('pauses an APPROVED template on RED (FIRST_PAUSE, then SECOND_PAUSE) and disables it the third time', async () => {
		const id = '700000000000007';
		const first = await rawRequest(sb.baseUrl, 'POST', `/_sandbox/templates/${id}/quality`, { json: { quality: 'RED' } });
		expect(first.body).toEqual({ id, status: 'PAUSED', quality: 'RED', deliveryIds: [expect.any(Number), expect.any(Number)] });
		const quality = await receiver.waitForPost(fieldIs('message_template_quality_update', id));
		expect(signatureIsValid(sb.appSecret, quality.raw, quality.headers['x-hub-signature-256'])).toBe(true);
		expect(quality.json.entry[0]).toEqual({
			id: WABA,
			time: expect.any(Number),
			changes: [
				{
					field: 'message_template_quality_update',
					value: { previous_quality_score: 'GREEN', new_quality_score: 'RED', message_template_id: 700000000000007, message_template_name: 'summer_sale', message_template_language: 'en_US' },
				},
			],
		});
		expect(valueOf(await receiver.waitForPost(fieldIs('message_template_status_update', id)))).toEqual({
			event: 'PAUSED',
			message_template_id: 700000000000007,
			message_template_name: 'summer_sale',
			message_template_language: 'en_US',
			reason: 'NONE',
			message_template_category: 'MARKETING',
			other_info: { title: 'FIRST_PAUSE', description: 'Your WhatsApp message template has been paused for 3 hours because of low quality.' },
		});
		expectWhatsAppError(await send('summer_sale'), 400, 132015);

		sb.control.templates.review(id, 'APPROVED');
		expect(sb.control.templates.setQuality(id, 'RED').template.status).toBe('PAUSED');
		await receiver.waitForPost((p) => fieldIs('message_template_status_update', id)(p) && valueOf(p).other_info?.title === 'SECOND_PAUSE');

		sb.control.templates.review(id, 'APPROVED');
		sb.control.templates.setQuality(id, 'RED');
		const disabled = valueOf(await receiver.waitForPost((p) => fieldIs('message_template_status_update', id)(p) && valueOf(p).event === 'DISABLED'));
		expect(disabled).toMatchObject({ reason: 'NONE', disable_info: { disable_date: expect.any(Number) }, other_info: { title: 'DISABLED' } });
		expect(await status(id)).toBe('DISABLED');
		expectWhatsAppError(await send('summer_sale'), 400, 132016);
		expect((await rawRequest(sb.baseUrl, 'POST', `/_sandbox/templates/${id}/review`, { json: { decision: 'APPROVED' } })).status).toBe(409);
	});

	it('only reports other quality changes, with the date moved to the sandbox clock', async () => {
		const id = '700000000000003';
		sb.control.advanceClock(3_600_000);
		const result = sb.control.templates.setQuality(id, 'YELLOW');
		expect(result.deliveries).toHaveLength(1);
		expect(valueOf(await receiver.waitForPost(fieldIs('message_template_quality_update', id)))).toMatchObject({ previous_quality_score: 'GREEN', new_quality_score: 'YELLOW' });
		const read = (await graph('GET', `/v25.0/${id}`, { query: { fields: 'status,quality_score' } })).body;
		expect(read).toEqual({ status: 'APPROVED', quality_score: { score: 'YELLOW', date: expect.any(Number) }, id });
		expect(read.quality_score.date * 1000).toBeGreaterThan(Date.now() + 3_500_000);
		expect((await rawRequest(sb.baseUrl, 'POST', `/_sandbox/templates/${id}/quality`, { json: { quality: 'PURPLE' } })).status).toBe(400);
	});
});

describe('category', () => {
	it('recategorizes with template_category_update {previous_category, new_category}; previous_category becomes readable', async () => {
		const id = '700000000000002';
		const answer = await rawRequest(sb.baseUrl, 'POST', `/_sandbox/templates/${id}/category`, { json: { category: 'MARKETING' } });
		expect(answer.body).toEqual({ id, category: 'MARKETING', deliveryId: expect.any(Number) });
		const post = await receiver.waitForPost(fieldIs('template_category_update', id));
		expect(valueOf(post)).toEqual({ message_template_id: 700000000000002, message_template_name: 'order_update', message_template_language: 'en_US', previous_category: 'UTILITY', new_category: 'MARKETING' });
		expect((await graph('GET', `/v25.0/${id}`, { query: { fields: 'category,previous_category' } })).body).toEqual({ category: 'MARKETING', previous_category: 'UTILITY', id });
		expect((await rawRequest(sb.baseUrl, 'POST', `/_sandbox/templates/${id}/category`, { json: { category: 'MARKETING' } })).status).toBe(409);
		expect((await rawRequest(sb.baseUrl, 'POST', `/_sandbox/templates/${id}/category`, { json: { category: 'PROMO' } })).status).toBe(400);
	});
});

describe('where template webhooks go', () => {
	it('to the app callback even when the WABA and the number have override callbacks', async () => {
		const other = await startReceiver('override-token');
		try {
			expect((await graph('POST', `/v25.0/${WABA}/subscribed_apps`, { json: { override_callback_uri: other.url, verify_token: 'override-token' } })).status).toBe(200);
			sb.control.templates.setQuality('700000000000001', 'YELLOW');
			await receiver.waitForPost(fieldIs('message_template_quality_update', '700000000000001'));
			expect(other.posts.filter((p) => p.json.entry[0].changes[0].field.startsWith('message_template'))).toEqual([]);
		} finally {
			await other.stop();
		}
	});

	it('nowhere when the app is not subscribed to the field', async () => {
		sb.control.setApp({ callbackUrl: receiver.url, verifyToken: 'review-token', fields: ['messages'] });
		expect(sb.control.templates.setQuality('700000000000001', 'YELLOW').deliveries).toEqual([]);
	});

	it('shows a template as stored through the control API', async () => {
		expect((await rawRequest(sb.baseUrl, 'GET', '/_sandbox/templates/700000000000008')).body).toMatchObject({ name: 'winter_promo', status: 'PAUSED', pauses: 1, quality: { score: 'RED' } });
		expect((await rawRequest(sb.baseUrl, 'GET', '/_sandbox/templates/1')).status).toBe(404);
	});
});
