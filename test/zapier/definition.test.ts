/** The app definition: schema-valid, the keys and labels users see, fields mapped from the core. */
import { findOperation, zapierKey } from '../../shared';
import { inputFieldsFor, visibility } from '../../zapier/fields';
import { toZapierValue, zapierOutputKey } from '../../zapier/output';
import { App, appTester, zapier } from './support';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const schema = require('zapier-platform-schema');

type Field = Record<string, any>;
type Operation = { key: string; noun: string; display: { label?: string; description?: string; hidden?: boolean }; operation: Record<string, any> };
const app = App as unknown as Record<string, any>;
const section = (kind: 'creates' | 'searches' | 'triggers') => app[kind] as Record<string, Operation>;

/** Every input field an operation can show, evaluating its field functions with the given input. */
async function fieldsOf(operation: Operation, inputData: Record<string, unknown> = {}): Promise<Field[]> {
	const out: Field[] = [];
	for (const entry of operation.operation.inputFields ?? []) {
		if (typeof entry === 'function') out.push(...(await appTester(entry, { inputData })));
		else out.push(entry);
	}
	return out;
}

describe('schema validation', () => {
	it('passes the validation the Zapier CLI runs locally (createAppHandler validate)', async () => {
		const response = await zapier.createAppHandler(App)({ command: 'validate' });
		expect(response.results).toEqual([]);
	});

	it('passes validateAppDefinition on the serialized definition', async () => {
		const response = await zapier.createAppHandler(App)({ command: 'definition' });
		expect(response.results.platformVersion).toBe('19.1.0');
		expect(response.results.version).toBe(require('../../package.json').version);
		const { errors } = schema.validateAppDefinition(response.results);
		expect(errors).toEqual([]);
	});
});

describe('keys and labels', () => {
	it('offers exactly the actions of the issue, labelled with the core titles', () => {
		const creates = section('creates');
		expect(Object.keys(creates)).toEqual([
			'add_phone_number',
			'request_verification_code',
			'verify_code',
			'register_phone_number',
			'deregister_phone_number',
			'set_two_step_pin',
			'prepare_number_removal',
			'set_identity_check',
			'send_message',
			'mark_as_read',
			'upload_media',
			'update_business_profile',
			'create_template',
			'download_media',
		]);
		expect(Object.values(creates).map((create) => create.display.label)).toEqual([
			'Add Phone Number',
			'Request Verification Code',
			'Verify Code',
			'Register Phone Number',
			'Deregister Phone Number',
			'Set Two-Step PIN',
			'Prepare Number Removal',
			'Set Identity Check',
			'Send Message',
			'Mark Message as Read',
			'Upload Media',
			'Update Business Profile',
			'Create Template',
			'Download Media',
		]);
		for (const create of Object.values(creates)) {
			// The key is the core operation's id in Zapier form, and the label that operation's title.
			expect(findOperation(camel(create.key))?.title).toBe(create.display.label);
			expect(zapierKey(camel(create.key))).toBe(create.key);
			expect(create.noun).toBe(create.key === 'mark_as_read' ? 'Message' : create.display.label?.split(' ').slice(1).join(' '));
		}
	});

	it('offers the two searches, "Find …"-labelled, and the two triggers', () => {
		expect(Object.keys(section('searches'))).toEqual(expect.arrayContaining(['find_phone_number', 'check_number_readiness']));
		expect(section('searches').find_phone_number.display.label).toBe('Find Phone Number');
		expect(section('searches').check_number_readiness.display.label).toBe('Find Phone Number Readiness');
		expect(section('searches').find_business_profile.display.label).toBe('Find Business Profile');
		for (const search of [section('searches').find_phone_number, section('searches').check_number_readiness, section('searches').find_business_profile]) expect(search.display.description).toMatch(/^Finds /);

		expect(Object.keys(section('triggers'))).toEqual(expect.arrayContaining(['phone_number_status_changed', 'phone_number_list']));
		const statusChanged = section('triggers').phone_number_status_changed;
		expect(statusChanged.display.label).toBe('New Phone Number Status Change');
		expect(statusChanged.display.description).toMatch(/^Triggers when /);
		expect(section('triggers').phone_number_list.display.hidden).toBe(true);
	});

	it('gives every visible operation a sample whose every value has an output field', () => {
		const visible = [
			...Object.values(section('creates')),
			section('searches').find_phone_number,
			section('searches').check_number_readiness,
			section('searches').find_business_profile,
			section('triggers').phone_number_status_changed,
		];
		for (const operation of visible) {
			const keys = new Set((operation.operation.outputFields as Field[]).map((field) => field.key));
			expect(operation.operation.sample).toBeDefined();
			for (const path of leafPaths(operation.operation.sample)) expect({ operation: operation.key, path, declared: keys.has(path) }).toEqual({ operation: operation.key, path, declared: true });
		}
	});
});

describe('input fields mapped from the core declarations', () => {
	it('exposes every key a zap author maps, as the issue lists them', async () => {
		const keys = new Set<string>();
		const everyState = [{}, { message_type: 'template' }, { message_type: 'image' }, { lookup_by: 'displayNumber' }];
		for (const operation of [...Object.values(section('creates')), ...Object.values(section('searches'))]) {
			for (const inputData of everyState) for (const field of await fieldsOf(operation, inputData)) keys.add(field.key);
		}
		for (const key of [
			'phone_number_id', 'cc', 'phone_number', 'verified_name', 'code_method', 'language', 'code', 'pin', 'data_localization_region', 'enabled', 'to',
			'message_type', 'text', 'template_name', 'template_language', 'template_parameters', 'media_url', 'recipient_identity_key_hash',
		]) {
			expect({ key, present: keys.has(key) }).toEqual({ key, present: true });
		}
	});

	it('maps types: secrets to password, options to choices, lists, booleans, the phone-number dropdown', async () => {
		const register = await fieldsOf(section('creates').register_phone_number);
		expect(register).toEqual([
			{
				key: 'phone_number_id',
				label: 'Phone Number',
				helpText: 'The phone number ID (not the phone number itself): pick it from the list, or find it in WhatsApp Manager → Phone numbers.',
				required: true,
				type: 'string',
				placeholder: '106540352242922',
				dynamic: 'phone_number_list.id.label',
				search: 'find_phone_number.id',
			},
			expect.objectContaining({ key: 'pin', label: 'Two-Step PIN', type: 'password', required: true }),
			expect.objectContaining({ key: 'data_localization_region', required: false, type: 'string', group: 'advanced' }),
		]);
		expect(section('creates').register_phone_number.operation.inputFieldGroups).toEqual([{ key: 'advanced', label: 'Advanced Options', emphasize: false }]);

		const verify = await fieldsOf(section('creates').verify_code);
		expect(verify.find((field) => field.key === 'code')).toMatchObject({ type: 'password', required: true });

		const request = await fieldsOf(section('creates').request_verification_code);
		expect(request.find((field) => field.key === 'code_method')).toMatchObject({
			type: 'string',
			default: 'SMS',
			choices: [
				{ value: 'SMS', label: 'SMS', sample: 'SMS' },
				{ value: 'VOICE', label: 'Voice Call', sample: 'VOICE' },
			],
		});
		expect(request.find((field) => field.key === 'language')).toMatchObject({ default: 'en_US', required: true });

		const identity = await fieldsOf(section('creates').set_identity_check);
		expect(identity.find((field) => field.key === 'enabled')).toMatchObject({ type: 'boolean', default: 'true', required: true });

		const template = await fieldsOf(section('creates').send_message, { message_type: 'template' });
		expect(template.find((field) => field.key === 'template_parameters')).toMatchObject({ list: true, type: 'string', required: false });

		// Inside Find Phone Number the dropdown does not link to that same search.
		const find = await fieldsOf(section('searches').find_phone_number);
		expect(find.find((field) => field.key === 'phone_number_id')).toMatchObject({ dynamic: 'phone_number_list.id.label' });
		expect(find.find((field) => field.key === 'phone_number_id')).not.toHaveProperty('search');
	});

	it('shows the send_message fields of the chosen message type, and all of them (optional) while it is mapped', async () => {
		const sendMessage = section('creates').send_message;
		const keys = async (inputData: Record<string, unknown>) => (await fieldsOf(sendMessage, inputData)).map((field) => `${field.key}${field.required ? '*' : ''}`);

		// To is optional: a business-scoped user ID (recipient) can stand in for it; the core asks for one of them.
		expect(await keys({})).toEqual(['phone_number_id*', 'to', 'recipient', 'message_type*', 'text*', 'recipient_identity_key_hash', 'preview_url', 'reply_to_message_id', 'biz_opaque_callback_data']);
		expect(await keys({ message_type: 'template' })).toEqual([
			'phone_number_id*', 'to', 'recipient', 'message_type*', 'template_id', 'template_name*', 'template_language*', 'template_parameters', 'template_header_type',
			'recipient_identity_key_hash', 'reply_to_message_id', 'biz_opaque_callback_data', 'template_components', 'template_check', 'marketing_messages',
		]);
		expect(await keys({ message_type: 'template', marketing_messages: 'true' })).toEqual(expect.arrayContaining(['message_activity_sharing', 'product_policy']));
		expect(await keys({ message_type: 'template', template_header_type: 'image' })).toContain('template_header_value');
		expect(await keys({ message_type: 'document' })).toEqual([
			'phone_number_id*', 'to', 'recipient', 'message_type*', 'media_source', 'media_url*', 'caption', 'filename', 'recipient_identity_key_hash', 'reply_to_message_id', 'biz_opaque_callback_data',
		]);
		expect(await keys({ message_type: 'document', media_source: 'file' })).toEqual([
			'phone_number_id*', 'to', 'recipient', 'message_type*', 'media_source', 'media_file*', 'caption', 'filename', 'recipient_identity_key_hash', 'reply_to_message_id', 'biz_opaque_callback_data',
		]);
		expect(await keys({ message_type: 'list' })).toEqual([
			'phone_number_id*', 'to', 'recipient', 'message_type*', 'text*', 'button_text*', 'list_rows*', 'header_text', 'footer_text', 'recipient_identity_key_hash', 'reply_to_message_id', 'biz_opaque_callback_data',
		]);
		expect(await keys({ message_type: 'location' })).toEqual(expect.arrayContaining(['latitude*', 'longitude*', 'location_name', 'location_address']));
		expect(await keys({ message_type: 'reaction' })).toEqual(expect.arrayContaining(['reaction_message_id*', 'emoji']));
		// A value mapped from an earlier step is unknown in the editor: every dependent field, none required.
		const mapped = await keys({ message_type: '{{123__type}}' });
		expect(mapped).toEqual(expect.arrayContaining(['text', 'template_name', 'media_url', 'buttons', 'template_header_value', 'list_rows', 'contacts', 'emoji']));
		expect(mapped.filter((key) => key.endsWith('*'))).toEqual(['phone_number_id*', 'message_type*']);
		expect(sendMessage.operation.inputFields.find((field: Field) => field.key === 'message_type')).toMatchObject({ altersDynamicFields: true });
	});

	it('decides visibility like the core reads input (defaults, case, chained conditions)', () => {
		const fields = findOperation('sendMessage')!.fields;
		const headerValue = fields.find((field) => field.key === 'templateHeaderValue')!;
		expect(visibility(headerValue, fields, { message_type: 'TEMPLATE', template_header_type: 'text' })).toBe('shown');
		expect(visibility(headerValue, fields, { message_type: 'text', template_header_type: 'text' })).toBe('hidden');
		expect(visibility(headerValue, fields, { message_type: 'template' })).toBe('hidden');
	});

	it('orders advanced fields last and groups dependent runs into one function', () => {
		const entries = inputFieldsFor(findOperation('sendMessage')!);
		expect(entries.map((entry) => (typeof entry === 'function' ? 'fn' : entry.key))).toEqual([
			'phone_number_id', 'to', 'recipient', 'message_type', 'fn', 'recipient_identity_key_hash', 'fn', 'reply_to_message_id', 'biz_opaque_callback_data', 'fn',
		]);
		// With the app's template inputs, the template's placeholders are their own function after the template fields.
		const withTemplates = (section('creates').send_message.operation as { inputFields: unknown[] }).inputFields;
		expect(withTemplates.map((entry: unknown) => (typeof entry === 'function' ? 'fn' : (entry as Field).key))).toEqual([
			'phone_number_id', 'to', 'recipient', 'message_type', 'fn', 'fn', 'fn', 'recipient_identity_key_hash', 'fn', 'reply_to_message_id', 'biz_opaque_callback_data', 'fn',
		]);
	});
});

describe('authentication', () => {
	it('asks for the issue\'s fields, the token masked, version and base URL defaulted', () => {
		const fields = app.authentication.fields as Field[];
		expect(app.authentication.type).toBe('custom');
		expect(fields.slice(0, 4).map((field) => [field.key, field.type, field.required, field.default])).toEqual([
			['access_token', 'password', true, undefined],
			['waba_id', 'string', true, undefined],
			['api_version', 'string', false, 'v25.0'],
			['base_url', 'string', false, 'https://graph.facebook.com'],
		]);
		expect(fields[3].helpText).toMatch(/sandbox/);
		expect(fields[4]).toMatchObject({ key: 'app_id', type: 'string', required: false });
		expect(fields[4].helpText).toMatch(/^Optional: only needed to change a business profile picture/);
	});
});

describe('output mapping', () => {
	it('converts keys at any depth and output-field paths segment by segment', () => {
		expect(toZapierValue({ phoneNumberId: '1', items: [{ nextStep: 'x' }], nested: { qualityRating: 'GREEN' } })).toEqual({
			phone_number_id: '1',
			items: [{ next_step: 'x' }],
			nested: { quality_rating: 'GREEN' },
		});
		expect(zapierOutputKey('phoneNumbers[]displayPhoneNumber')).toBe('phone_numbers[]display_phone_number');
		expect(zapierOutputKey('storageConfiguration.dataLocalizationRegion')).toBe('storage_configuration__data_localization_region');
	});
});

function camel(key: string): string {
	return key.replace(/_([a-z0-9])/g, (_, letter: string) => letter.toUpperCase());
}

/** Output-field style paths of every leaf of a sample. */
function leafPaths(value: unknown, prefix = ''): string[] {
	if (Array.isArray(value)) {
		const first = value[0];
		if (first && typeof first === 'object') return Object.entries(first).flatMap(([key, inner]) => leafPaths(inner, `${prefix}[]${key}`));
		return [prefix];
	}
	if (value && typeof value === 'object') return Object.entries(value).flatMap(([key, inner]) => leafPaths(inner, prefix ? `${prefix}__${key}` : key));
	return [prefix];
}
