/**
 * Coexistence numbers in n8n, run by n8n-core: the picker and the outputs mark them, counted calls
 * are refused after one read per run (whatever the number of items), and Prepare Number Removal
 * lists the relay's subscriptions through n8n's plain request helper, never sending the Graph
 * credential's token to the relay.
 */
import nock from 'nock';

import { executeNode, listSearch } from '../support/engine';
import { ACCESS_TOKEN, byId, GRAPH, GRAPH_CREDENTIALS, PHONE_ID, WABA_ID } from '../support/fixtures';
import { PHONE_NUMBER_FIELDS } from '../../../shared/operations/phoneNumber/model';
import { COEXISTENCE_QUERY } from '../../support/core';

const RELAY = 'https://relay.example.com';
const RELAY_KEY = 'relay-key-5f0c9e1d2b7a';

const coexistenceNumber = { id: PHONE_ID, display_phone_number: '+1 555-010-0099', verified_name: 'Corner Shop', status: 'CONNECTED', platform_type: 'CLOUD_API', is_on_biz_app: true };
const ordinary = { id: '200000000000002', display_phone_number: '+1 555-010-0001', verified_name: 'Jasper Market', status: 'CONNECTED', platform_type: 'CLOUD_API', is_on_biz_app: false };

const graph = () => nock(GRAPH, { reqheaders: { authorization: `Bearer ${ACCESS_TOKEN}` } });

describe('coexistence numbers in the n8n node', () => {
	it('marks them in the phone number picker', async () => {
		graph().get(`/v25.0/${WABA_ID}/phone_numbers`).query({ fields: PHONE_NUMBER_FIELDS, limit: '100' }).reply(200, { data: [coexistenceNumber, ordinary] });
		const result = await listSearch({
			node: 'whatsAppNumbers',
			method: 'searchPhoneNumbers',
			path: 'parameters.phoneNumberId',
			parameters: { resource: 'phoneNumber', operation: 'getPhoneNumber' },
			credentials: { whatsAppNumbersApi: GRAPH_CREDENTIALS },
		});
		expect(result.results).toEqual([
			{ name: '+1 555-010-0099 · Corner Shop · CONNECTED · coexistence', value: PHONE_ID },
			{ name: '+1 555-010-0001 · Jasper Market · CONNECTED', value: '200000000000002' },
		]);
	});

	it('outputs coexistence and the platform on Get Phone Number', async () => {
		graph().get(`/v25.0/${PHONE_ID}`).query({ fields: PHONE_NUMBER_FIELDS }).reply(200, coexistenceNumber);
		const run = await executeNode({
			node: 'whatsAppNumbers',
			parameters: { resource: 'phoneNumber', operation: 'getPhoneNumber', phoneNumberId: byId(PHONE_ID) },
			credentials: { whatsAppNumbersApi: GRAPH_CREDENTIALS },
		});
		expect(run.items[0].json).toMatchObject({ found: true, id: PHONE_ID, coexistence: true, platformType: 'CLOUD_API' });
	});

	it('refuses Deregister for three items after one read, each item with its own refusal (continue on fail), nothing counted sent', async () => {
		const read = graph().get(`/v25.0/${PHONE_ID}`).query(COEXISTENCE_QUERY).once().reply(200, { id: PHONE_ID, is_on_biz_app: true });
		const counted = graph().post(`/v25.0/${PHONE_ID}/deregister`).reply(200, { success: true });
		const run = await executeNode({
			node: 'whatsAppNumbers',
			parameters: { resource: 'phoneNumber', operation: 'deregisterPhoneNumber', phoneNumberId: byId(PHONE_ID) },
			credentials: { whatsAppNumbersApi: GRAPH_CREDENTIALS },
			items: [{ json: {} }, { json: {} }, { json: {} }],
			continueOnFail: true,
		});
		expect(read.isDone()).toBe(true);
		expect(counted.isDone()).toBe(false);
		expect(run.items).toHaveLength(3);
		run.items.forEach((item, index) => {
			expect(item.pairedItem).toEqual({ item: index });
			expect(item.json).toMatchObject({ errorCategory: 'invalid_input', retryAction: 'do_not_retry', operation: 'deregisterPhoneNumber', field: 'phoneNumberId' });
			expect(String(item.json.error)).toMatch(/^This number is shared with the WhatsApp Business app \(coexistence\), and Meta does not allow deregistering such a number\./);
		});
	});

	it('stops Register with a NodeOperationError naming what to do instead', async () => {
		graph().get(`/v25.0/${PHONE_ID}`).query(COEXISTENCE_QUERY).reply(200, { id: PHONE_ID, is_on_biz_app: true });
		const counted = graph().post(`/v25.0/${PHONE_ID}/register`).reply(200, { success: true });
		const run = await executeNode({
			node: 'whatsAppNumbers',
			parameters: { resource: 'phoneNumber', operation: 'registerPhoneNumber', phoneNumberId: byId(PHONE_ID), pin: '482913' },
			credentials: { whatsAppNumbersApi: GRAPH_CREDENTIALS },
		});
		expect(counted.isDone()).toBe(false);
		expect(run.error).toMatchObject({
			name: 'NodeOperationError',
			message:
				'This number is shared with the WhatsApp Business app (coexistence), so it was registered when it was connected through the app. The register request was not sent. Nothing to do: the number can already send through the API. To see its state, run "Check Number Readiness".',
		});
		expect(JSON.stringify({ message: run.error?.message, description: run.error?.description })).not.toContain('482913');
	});
});

describe('Prepare Number Removal in n8n', () => {
	it('asks the relay with its key and without the Graph token, and reports without the key', async () => {
		graph().get(`/v25.0/${PHONE_ID}`).query({ fields: PHONE_NUMBER_FIELDS }).reply(200, { ...ordinary, id: PHONE_ID });
		graph().get(`/v25.0/${PHONE_ID}`).query({ fields: 'webhook_configuration' }).reply(200, { webhook_configuration: { phone_number: 'https://hooks.example.com/whatsapp', application: `${RELAY}/meta/webhook` }, id: PHONE_ID });
		const relay = nock(RELAY, { reqheaders: { 'x-api-key': RELAY_KEY }, badheaders: ['authorization'] })
			.get('/subscriptions')
			.reply(200, {
				data: [
					{
						id: 'sub_1',
						target_url: 'https://hooks.zapier.com/hooks/standard/1/zap-secret/',
						event_type: 'inboundMessage',
						event_types: ['inboundMessage'],
						phone_number_id: PHONE_ID,
						waba_id: null,
						created_at: '2026-11-20T08:00:00.000Z',
					},
				],
			});
		const run = await executeNode({
			node: 'whatsAppNumbers',
			parameters: { resource: 'phoneNumber', operation: 'prepareNumberRemoval', phoneNumberId: byId(PHONE_ID), options: { relayUrl: RELAY, relayApiKey: RELAY_KEY } },
			credentials: { whatsAppNumbersApi: GRAPH_CREDENTIALS },
		});
		expect(run.error).toBeUndefined();
		expect(relay.isDone()).toBe(true);
		expect(run.items[0].json).toMatchObject({
			phoneNumberId: PHONE_ID,
			registered: true,
			webhookOverrideUrl: 'https://hooks.example.com/whatsapp',
			relayChecked: true,
			relaySubscriptions: [{ id: 'sub_1', eventTypes: 'inboundMessage', targetHost: 'hooks.zapier.com', createdAt: '2026-11-20T08:00:00.000Z' }],
			actions: [],
		});
		expect(run.items[0].json.remainingSteps).toContain('Remove its webhook override: run this step again with "Clear Webhook Override" on.');
		const shown = JSON.stringify(run.items);
		expect(shown).not.toContain(RELAY_KEY);
		expect(shown).not.toContain('zap-secret');
	});
});
