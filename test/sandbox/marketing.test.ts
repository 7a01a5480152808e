/**
 * The Marketing Messages API for WhatsApp (docs/meta-messaging.md §5): onboarding per WABA (or the
 * whole portfolio) with its account_update webhook, the 131055 refusal before it, templates only,
 * `message_status` in the answer and marketing pricing on statuses. The template category hook
 * (messages/templateCategory.ts) is mocked to play a template store.
 */
import { startSandbox, Sandbox } from '../../sandbox';
import { templateCategory } from '../../sandbox/messages/templateCategory';
import { expectMetaError, expectWhatsAppError, graphClient, rawRequest } from '../fixtures/sandbox/http';
import { hasStatus, Receiver, startReceiver } from '../fixtures/sandbox/receiver';

jest.mock('../../sandbox/messages/templateCategory', () => ({ templateCategory: jest.fn(() => undefined) }));
const category = templateCategory as jest.MockedFunction<typeof templateCategory>;

const PN = '200000000000001';
const OTHER_PN = '200000000000002';
const WABA = '100000000000001';
const OTHER_WABA = '100000000000002';
// The sends below must pass the template check of /messages too; the category comes from the mocked hook.
const SPRING_SALE = { name: 'spring_sale', language: 'en_US', category: 'MARKETING', components: [{ type: 'BODY', text: 'Spring sale: {{1}} off everything.', example: { body_text: [['20%']] } }] };
const OTP_CODE = { name: 'otp_code', language: 'en', category: 'UTILITY', components: [{ type: 'BODY', text: 'Your sign-in code is on its way.' }] };
let sb: Sandbox;
let graph: ReturnType<typeof graphClient>;
let receiver: Receiver;

beforeEach(async () => {
	category.mockReset();
	category.mockReturnValue(undefined);
	receiver = await startReceiver('verify-me');
	sb = await startSandbox({
		port: 0,
		statusTiming: { sentMs: 0, stepMs: 2, read: false },
		webhookRetry: { maxAttempts: 2, initialDelayMs: 10, timeoutMs: 1000 },
		seed: {
			businessId: '300000000000001',
			wabas: [
				{ id: WABA, numbers: [{ id: PN, displayPhoneNumber: '+1 555-010-0001', status: 'CONNECTED' }], templates: [SPRING_SALE, OTP_CODE] },
				{ id: OTHER_WABA, numbers: [{ id: OTHER_PN, displayPhoneNumber: '+1 555-010-0002', status: 'CONNECTED' }], templates: [SPRING_SALE] },
			],
		},
	});
	sb.control.setApp({ callbackUrl: receiver.url, verifyToken: 'verify-me' });
	graph = graphClient(sb);
});
afterEach(async () => {
	await sb.stop();
	await receiver.stop();
});

const template = { name: 'spring_sale', language: { code: 'en_US' }, components: [{ type: 'body', parameters: [{ type: 'text', text: '20%' }] }] };
const sendMarketing = (body: Record<string, unknown> = {}, pn = PN) =>
	graph('POST', `/v25.0/${pn}/marketing_messages`, { json: { messaging_product: 'whatsapp', recipient_type: 'individual', to: '+16505551234', type: 'template', template, ...body } });
const onboard = (body: Record<string, unknown>) => rawRequest(sb.baseUrl, 'PUT', '/_sandbox/marketing-messages', { json: body });

describe('before onboarding', () => {
	it("refuses with 131055 and Meta's terms message", async () => {
		const error = expectMetaError(await sendMarketing(), 400, 131055);
		expect(error.message).toBe('(#200) You must accept the Marketing Messages Lite API terms to use the API.');
		expect(error.type).toBe('OAuthException');
		expect(error.error_data.details).toContain('WhatsApp Manager');
	});
});

describe('onboarding control', () => {
	it('onboards one WABA and sends account_update MM_LITE_TERMS_SIGNED to it', async () => {
		const answer = await onboard({ onboarded: true, wabaId: WABA });
		expect(answer.body).toEqual({ onboardedWabas: [WABA], deliveryIds: [expect.any(Number)] });
		const post = await receiver.waitForPost((p) => p.json.entry[0].changes[0].field === 'account_update');
		expect(post.json).toEqual({
			object: 'whatsapp_business_account',
			entry: [{ id: WABA, time: expect.any(Number), changes: [{ field: 'account_update', value: { event: 'MM_LITE_TERMS_SIGNED', waba_info: { waba_id: WABA, owner_business_id: '300000000000001' } } }] }],
		});
		expect((await sendMarketing()).status).toBe(200);
		expectMetaError(await sendMarketing({}, OTHER_PN), 400, 131055);
	});

	it('onboards the whole portfolio without wabaId, and can take it back', async () => {
		expect((await onboard({ onboarded: true })).body.onboardedWabas.sort()).toEqual([WABA, OTHER_WABA]);
		expect((await sendMarketing({}, OTHER_PN)).status).toBe(200);
		expect((await onboard({ onboarded: false, wabaId: OTHER_WABA })).body.onboardedWabas).toEqual([WABA]);
		expectMetaError(await sendMarketing({}, OTHER_PN), 400, 131055);
		expect(sb.control.snapshot().messaging?.marketingOnboardedWabas).toEqual([WABA]);
	});

	it('validates the control input', async () => {
		expect((await onboard({ onboarded: 'yes' })).status).toBe(400);
		expect((await onboard({ onboarded: true, wabaId: '999' })).status).toBe(404);
	});
});

describe('once onboarded', () => {
	beforeEach(() => sb.control.messaging.setMarketingMessages(true));

	it('answers like /messages with message_status accepted; statuses are priced as marketing_lite', async () => {
		const answer = await sendMarketing({ message_activity_sharing: true, product_policy: 'STRICT', biz_opaque_callback_data: 'campaign-7' });
		expect(answer.status).toBe(200);
		expect(answer.body).toEqual({ messaging_product: 'whatsapp', contacts: [{ input: '+16505551234', wa_id: '16505551234' }], messages: [{ id: expect.stringMatching(/^wamid\./), message_status: 'accepted' }] });
		const id = answer.body.messages[0].id;
		const post = await receiver.waitForPost((p) => hasStatus(p, (s) => s.id === id && s.status === 'sent'));
		expect(post.json.entry[0].changes[0].value.statuses[0]).toMatchObject({
			biz_opaque_callback_data: 'campaign-7',
			pricing: { billable: true, pricing_model: 'PMP', type: 'regular', category: 'marketing_lite' },
		});
	});

	it('sends to a BSUID', async () => {
		const userId = sb.control.contact('16505551234').userId;
		const answer = await sendMarketing({ to: undefined, recipient: userId });
		expect(answer.body.contacts).toEqual([{ input: userId, user_id: userId }]);
	});

	it.each([
		['a text message', { type: 'text', text: { body: 'Sale!' }, template: undefined }],
		['no type (text by default)', { type: undefined, text: { body: 'Sale!' }, template: undefined }],
	])("refuses %s: (#100) 'Message must be a template message.'", async (_name, body) => {
		const error = expectMetaError(await sendMarketing(body), 400, 100);
		expect(error.message).toBe('(#100) Invalid parameter');
		expect(error.error_data).toEqual({ messaging_product: 'whatsapp', details: 'Message must be a template message.' });
	});

	it('checks the template like /messages and the extra fields', async () => {
		expectWhatsAppError(await sendMarketing({ template: { language: { code: 'en_US' } } }), 400, 131008);
		expectWhatsAppError(await sendMarketing({ product_policy: 'SOMETIMES' }), 400, 131009);
		expectMetaError(await sendMarketing({ message_activity_sharing: 'maybe' }), 400, 100);
		expectMetaError(await sendMarketing({ campaign: 'x' }), 400, 100);
	});

	it('asks the template category hook with the name and language', async () => {
		await sendMarketing();
		expect(category).toHaveBeenCalledWith(expect.anything(), 'spring_sale', 'en_US');
	});

	it.each(['UTILITY', 'AUTHENTICATION'])('refuses a %s template with (#131055) Method not allowed', async (kind) => {
		category.mockReturnValue(kind);
		const error = expectMetaError(await sendMarketing(), 400, 131055);
		expect(error.message).toBe('(#131055) Method not allowed');
		expect(error.error_data.details).toContain(`this template is ${kind}`);
	});

	it('sends a MARKETING template', async () => {
		category.mockReturnValue('MARKETING');
		expect((await sendMarketing()).status).toBe(200);
	});
});

describe('authentication templates and BSUIDs (/messages)', () => {
	const sendTemplate = (recipient: Record<string, unknown>) =>
		graph('POST', `/v25.0/${PN}/messages`, { json: { messaging_product: 'whatsapp', ...recipient, type: 'template', template: { name: 'otp_code', language: { code: 'en' } } } });

	it('refuses an authentication template to a BSUID with 131062, and sends it to the phone number', async () => {
		category.mockReturnValue('AUTHENTICATION');
		const userId = sb.control.contact('16505551234').userId;
		const error = expectWhatsAppError(await sendTemplate({ recipient: userId }), 400, 131062);
		expect(error.message).toBe('(#131062) Business-scoped User ID recipients are not supported for this message.');
		expect((await sendTemplate({ to: '+16505551234' })).status).toBe(200);
		expect((await sendTemplate({ to: '+16505551234', recipient: userId })).status).toBe(200);
	});
});
