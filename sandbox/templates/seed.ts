/**
 * The templates every default sandbox WABA starts with (printed by the CLI, listed in
 * sandbox/README.md), and turning a seed template into state: a seed is checked with the same
 * rules as `POST /message_templates`, so a seed cannot hold a template Meta would refuse.
 */
import { GraphError } from '../graphError';
import { parseDefinition } from './definition';
import type { SeedTemplate, TemplateRecord, TemplateStore } from './store';

/** 2026-01-01T00:00:00Z, the quality-score date of the seeded templates. */
const SEEDED_AT_SECONDS = 1_767_225_600;

const approved = { status: 'APPROVED', quality: { score: 'GREEN', date: SEEDED_AT_SECONDS } };

const appointmentBody = (text: string) => ({ type: 'BODY', text, example: { body_text: [['Ana', '12 May, 10:00']] } });

const marketingBody = (text: string) => [{ type: 'BODY', text, example: { body_text: [['20%']] } }];

export function defaultTemplates(): SeedTemplate[] {
	return [
		{
			id: '700000000000001', name: 'hello_world', language: 'en_US', category: 'UTILITY', ...approved,
			components: [
				{ type: 'HEADER', format: 'TEXT', text: 'Hello World' },
				{ type: 'BODY', text: 'Welcome and congratulations!! This message shows that you can send a WhatsApp template message from the sandbox.' },
				{ type: 'FOOTER', text: 'WhatsApp Business Platform sample message' },
			],
		},
		{
			id: '700000000000002', name: 'order_update', language: 'en_US', category: 'UTILITY', parameterFormat: 'NAMED', ...approved,
			components: [
				{
					type: 'BODY',
					text: 'Hi {{first_name}}, your order {{order_id}} is on its way.',
					example: { body_text_named_params: [{ param_name: 'first_name', example: 'Pablo' }, { param_name: 'order_id', example: '860198-230332' }] },
				},
				{ type: 'FOOTER', text: 'Thank you for shopping with us' },
			],
		},
		{ id: '700000000000003', name: 'appointment_reminder', language: 'en_US', category: 'UTILITY', ...approved, components: [appointmentBody('Hello {{1}}, this is a reminder of your appointment on {{2}}. Reply to change it.')] },
		{ id: '700000000000004', name: 'appointment_reminder', language: 'es', category: 'UTILITY', ...approved, components: [appointmentBody('Hola {{1}}, le recordamos su cita del {{2}}. Responda para cambiarla.')] },
		{ id: '700000000000005', name: 'appointment_reminder', language: 'pt_BR', category: 'UTILITY', ...approved, components: [appointmentBody('Olá {{1}}, lembramos da sua consulta em {{2}}. Responda para remarcar.')] },
		{
			id: '700000000000006', name: 'invoice_ready', language: 'en_US', category: 'UTILITY', ...approved,
			components: [
				{ type: 'HEADER', format: 'DOCUMENT', example: { header_handle: ['4::c2FuZGJveC1pbnZvaWNlLnBkZg=='] } },
				{ type: 'BODY', text: 'Hi {{1}}, your invoice {{2}} is attached above.', example: { body_text: [['Ana', 'INV-2041']] } },
				{ type: 'BUTTONS', buttons: [{ type: 'PHONE_NUMBER', text: 'Call us', phone_number: '+15550100001' }] },
			],
		},
		{
			id: '700000000000007', name: 'summer_sale', language: 'en_US', category: 'MARKETING', ...approved,
			components: [
				{ type: 'HEADER', format: 'TEXT', text: 'Our summer sale is on' },
				{ type: 'BODY', text: 'Get {{1}} off everything this week with the code below.', example: { body_text: [['25%']] } },
				{
					type: 'BUTTONS',
					buttons: [
						{ type: 'URL', text: 'Shop the sale', url: 'https://shop.example.com/sale/{{1}}', example: ['https://shop.example.com/sale/summer'] },
						{ type: 'COPY_CODE', example: 'SUMMER25' },
					],
				},
			],
		},
		{
			id: '700000000000008', name: 'winter_promo', language: 'en_US', category: 'MARKETING', status: 'PAUSED', pauses: 1,
			quality: { score: 'RED', date: SEEDED_AT_SECONDS }, components: marketingBody('Winter deals: {{1}} off boots until Sunday.'),
		},
		{
			id: '700000000000009', name: 'spring_newsletter', language: 'en_US', category: 'MARKETING', status: 'DISABLED', pauses: 3,
			quality: { score: 'RED', date: SEEDED_AT_SECONDS }, components: marketingBody('Spring is here: {{1}} off new arrivals.'),
		},
		{
			id: '700000000000010', name: 'back_in_stock', language: 'en_US', category: 'MARKETING', status: 'PENDING',
			quality: { score: 'UNKNOWN', date: SEEDED_AT_SECONDS }, components: marketingBody('Good news: the item you wanted is back, {{1}} off today.'),
		},
		{
			id: '700000000000011', name: 'flash_deal', language: 'en_US', category: 'MARKETING', status: 'REJECTED', rejectedReason: 'PROMOTIONAL',
			quality: { score: 'UNKNOWN', date: SEEDED_AT_SECONDS }, components: marketingBody('Only today: {{1}} off, hurry!'),
		},
		{
			id: '700000000000012', name: 'login_code', language: 'en_US', category: 'AUTHENTICATION', ...approved,
			components: [{ type: 'BODY', add_security_recommendation: true }, { type: 'BUTTONS', buttons: [{ type: 'OTP', otp_type: 'COPY_CODE', text: 'Copy code' }] }],
		},
	];
}

/** Adds a seed template to the store; a seed Meta would refuse throws with the reason. */
export function loadSeedTemplate(store: TemplateStore, wabaId: string, seed: SeedTemplate, now: number): TemplateRecord {
	let definition;
	try {
		definition = parseDefinition({ name: seed.name, language: seed.language, category: seed.category, parameter_format: seed.parameterFormat, components: seed.components });
	} catch (error) {
		const reason = error instanceof GraphError ? (error.details ?? error.user?.message ?? error.message) : (error as Error).message;
		throw new Error(`Seed: template ${seed.name} (${seed.language}) is not valid: ${reason}`);
	}
	const record: TemplateRecord = {
		id: seed.id ?? store.newId(),
		wabaId,
		...definition,
		status: seed.status ?? 'APPROVED',
		quality: seed.quality ? { ...seed.quality } : { score: 'UNKNOWN', date: Math.floor(now / 1000) },
		rejectedReason: seed.rejectedReason ?? 'NONE',
		previousCategory: seed.previousCategory ?? null,
		pauses: seed.pauses ?? 0,
		createdAt: seed.createdAt ?? now,
	};
	store.add(record);
	return record;
}
