/**
 * Template objects as Meta answers them (docs/meta-templates.md §1.1, §1.2): one of each kind the
 * pre-send check must understand. Written here, not taken from the sandbox, so the core and the
 * sandbox cannot share a misreading.
 */
import type { MetaTemplate } from '../../../shared/templates/meta';

export const ORDER_UPDATE: MetaTemplate = {
	id: '700000000000002',
	name: 'order_update',
	language: 'en_US',
	status: 'APPROVED',
	category: 'UTILITY',
	parameter_format: 'NAMED',
	quality_score: { score: 'GREEN', date: 1767225600 },
	rejected_reason: 'NONE',
	components: [
		{
			type: 'BODY',
			text: 'Hi {{first_name}}, your order {{order_id}} is on its way.',
			example: { body_text_named_params: [{ param_name: 'first_name', example: 'Pablo' }, { param_name: 'order_id', example: '860198-230332' }] },
		},
		{ type: 'FOOTER', text: 'Thank you for shopping with us' },
	],
};

export const REMINDER_EN: MetaTemplate = {
	id: '700000000000003',
	name: 'appointment_reminder',
	language: 'en_US',
	status: 'APPROVED',
	category: 'UTILITY',
	parameter_format: 'POSITIONAL',
	components: [{ type: 'BODY', text: 'Hello {{1}}, this is a reminder of your appointment on {{2}}. Reply to change it.', example: { body_text: [['Ana', '12 May, 10:00']] } }],
};

export const REMINDER_ES: MetaTemplate = { ...REMINDER_EN, id: '700000000000004', language: 'es', components: [{ type: 'BODY', text: 'Hola {{1}}, le recordamos su cita del {{2}}. Responda para cambiarla.' }] };

export const INVOICE: MetaTemplate = {
	id: '700000000000006',
	name: 'invoice_ready',
	language: 'en_US',
	status: 'APPROVED',
	category: 'UTILITY',
	parameter_format: 'POSITIONAL',
	components: [
		{ type: 'HEADER', format: 'DOCUMENT', example: { header_handle: ['4::c2FuZGJveA=='] } },
		{ type: 'BODY', text: 'Hi {{1}}, your invoice {{2}} is attached above.', example: { body_text: [['Ana', 'INV-2041']] } },
		{ type: 'BUTTONS', buttons: [{ type: 'PHONE_NUMBER', text: 'Call us', phone_number: '+15550100001' }] },
	],
};

export const SUMMER_SALE: MetaTemplate = {
	id: '700000000000007',
	name: 'summer_sale',
	language: 'en_US',
	status: 'APPROVED',
	category: 'MARKETING',
	parameter_format: 'POSITIONAL',
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
};

export const WELCOME_NAMED_HEADER: MetaTemplate = {
	id: '700000000000020',
	name: 'welcome_back',
	language: 'en',
	status: 'APPROVED',
	category: 'MARKETING',
	parameter_format: 'NAMED',
	components: [
		{ type: 'HEADER', format: 'TEXT', text: 'Welcome back, {{first_name}}', example: { header_text_named_params: [{ param_name: 'first_name', example: 'Pablo' }] } },
		{ type: 'BODY', text: 'Good to see you, {{first_name}}: {{discount}} off today only.', example: { body_text_named_params: [{ param_name: 'first_name', example: 'Pablo' }, { param_name: 'discount', example: '10%' }] } },
	],
};

export const STORE_LOCATION: MetaTemplate = {
	id: '700000000000021',
	name: 'store_nearby',
	language: 'en_US',
	status: 'APPROVED',
	category: 'UTILITY',
	parameter_format: 'POSITIONAL',
	components: [{ type: 'HEADER', format: 'LOCATION' }, { type: 'BODY', text: 'Your order is ready at our store.' }],
};

export const LOGIN_CODE: MetaTemplate = {
	id: '700000000000012',
	name: 'login_code',
	language: 'en_US',
	status: 'APPROVED',
	category: 'AUTHENTICATION',
	components: [{ type: 'BODY', text: '*{{1}}* is your verification code.', add_security_recommendation: true }, { type: 'BUTTONS', buttons: [{ type: 'OTP', otp_type: 'COPY_CODE', text: 'Copy code' }] }],
};

export const HELLO_WORLD: MetaTemplate = {
	id: '700000000000001',
	name: 'hello_world',
	language: 'en_US',
	status: 'APPROVED',
	category: 'UTILITY',
	components: [{ type: 'HEADER', format: 'TEXT', text: 'Hello World' }, { type: 'BODY', text: 'Welcome and congratulations!!' }],
};

/** The same template in another state (PAUSED, DISABLED, PENDING, REJECTED…). */
export const inState = (template: MetaTemplate, status: string, extra: Partial<MetaTemplate> = {}): MetaTemplate => ({ ...template, status, ...extra });

/** The query of a definition read by name: every language of the name, every field the check needs. */
export const byNameQuery = (name: string) => ({
	name,
	fields: 'id,name,language,status,category,components,parameter_format,quality_score,rejected_reason,previous_category',
	limit: '100',
});

export const TEMPLATE_QUERY = { fields: 'id,name,language,status,category,components,parameter_format,quality_score,rejected_reason,previous_category' };
