/** The gallery as `npm start`, the gallery e2e tests and the screenshots import it (scripts/n8n/gallery.ts). */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { credentialTypesFor, galleryTemplates, galleryWorkflow, SANDBOX_CREDENTIALS_BY_TYPE, templateDigest, withCredentials } from '../../../scripts/n8n/gallery';
import type { N8nWorkflow } from '../../../scripts/n8n/workflows';

const ACTION = 'n8n-nodes-whatsapp-numbers.whatsAppNumbers';
const TRIGGER = 'n8n-nodes-whatsapp-numbers.whatsAppNumbersTrigger';
const STATUS_TRIGGER = 'n8n-nodes-whatsapp-numbers.whatsAppNumbersStatusTrigger';
const API = { id: 'api-id', name: 'Client API' };
const APP = { id: 'app-id', name: 'Client app' };

const workflowOf = (nodes: Array<Record<string, unknown>>): N8nWorkflow => ({ id: 'x', name: 'A template', nodes, connections: {} }) as unknown as N8nWorkflow;

describe('galleryTemplates', () => {
	let root: string;

	beforeEach(() => {
		root = fs.mkdtempSync(path.join(os.tmpdir(), 'wa-gallery-test-'));
		const add = (folder: string, file = 'workflow.json') => {
			fs.mkdirSync(path.join(root, 'templates', 'n8n', folder), { recursive: true });
			if (file) fs.writeFileSync(path.join(root, 'templates', 'n8n', folder, file), '{"name":"t","nodes":[],"connections":{}}');
		};
		add('05-number-status-alerts');
		add('01-onboard-client-number');
		add('02-no-workflow-yet', '');
		add('Notes');
		add('3-not-two-digits');
	});

	afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

	it('finds the <NN>-<slug> folders that hold a workflow.json, in number order, with their ids and screenshot paths', () => {
		const templates = galleryTemplates(root);
		expect(templates.map((template) => template.folder)).toEqual(['01-onboard-client-number', '05-number-status-alerts']);
		expect(templates[1]).toEqual({
			folder: '05-number-status-alerts',
			number: '05',
			file: path.join(root, 'templates', 'n8n', '05-number-status-alerts', 'workflow.json'),
			screenshot: path.join(root, 'templates', 'n8n', '05-number-status-alerts', 'screenshot.png'),
			workflowId: 'waGallery05',
		});
	});

	it('finds nothing, without failing, in a checkout without templates/n8n', () => {
		expect(galleryTemplates(path.join(root, 'elsewhere'))).toEqual([]);
	});

	it("changes a template's digest when its workflow.json changes, and only then", () => {
		const [template] = galleryTemplates(root);
		const before = templateDigest(template);
		expect(templateDigest(template)).toBe(before);
		fs.writeFileSync(template.file, '{"name":"t2","nodes":[],"connections":{}}');
		expect(templateDigest(template)).not.toBe(before);
	});
});

describe('credentials attached at import', () => {
	it('gives each node of ours the credential types it asks for, and other nodes none', () => {
		expect(credentialTypesFor({ type: ACTION })).toEqual(['whatsAppNumbersApi']);
		expect(credentialTypesFor({ type: STATUS_TRIGGER })).toEqual(['whatsAppNumbersApi']);
		expect(credentialTypesFor({ type: TRIGGER, parameters: { subscriptionMode: 'none' } })).toEqual(['whatsAppNumbersAppApi']);
		expect(credentialTypesFor({ type: TRIGGER, parameters: { subscriptionMode: 'wabaOverride' } })).toEqual(['whatsAppNumbersAppApi', 'whatsAppNumbersApi']);
		expect(credentialTypesFor({ type: 'n8n-nodes-base.set' })).toEqual([]);
	});

	it('replaces any reference the node had and leaves other nodes as they are', () => {
		const set = { name: 'Settings', type: 'n8n-nodes-base.set', parameters: {} };
		const workflow = workflowOf([
			{ name: 'Send', type: ACTION, parameters: {}, credentials: { whatsAppNumbersApi: { id: 'old', name: 'Old' } } },
			{ name: 'Events', type: TRIGGER, parameters: { subscriptionMode: 'none' } },
			set,
		]);
		const attached = withCredentials(workflow, { whatsAppNumbersApi: API, whatsAppNumbersAppApi: APP });
		expect(attached.nodes).toEqual([
			{ name: 'Send', type: ACTION, parameters: {}, credentials: { whatsAppNumbersApi: API } },
			{ name: 'Events', type: TRIGGER, parameters: { subscriptionMode: 'none' }, credentials: { whatsAppNumbersAppApi: APP } },
			set,
		]);
		expect(workflow.nodes[0].credentials).toEqual({ whatsAppNumbersApi: { id: 'old', name: 'Old' } });
	});

	it('refuses to import a template half-connected, naming the node and the credential it lacks', () => {
		const workflow = workflowOf([{ name: 'Watch numbers', type: STATUS_TRIGGER, parameters: {} }]);
		expect(() => withCredentials(workflow, { whatsAppNumbersAppApi: APP })).toThrow('Node "Watch numbers" of "A template" needs a whatsAppNumbersApi credential; none was given.');
	});

	it('imports every committed template with the sandbox credentials, inactive, under its gallery id', () => {
		const templates = galleryTemplates();
		expect(templates.length).toBeGreaterThan(0);
		for (const template of templates) {
			const workflow = galleryWorkflow(template, SANDBOX_CREDENTIALS_BY_TYPE);
			expect(workflow).toMatchObject({ id: template.workflowId, active: false });
			const ours = workflow.nodes.filter((node) => credentialTypesFor(node).length);
			expect(ours.length).toBeGreaterThan(0);
			for (const node of ours) expect(Object.keys(node.credentials as object).sort()).toEqual([...credentialTypesFor(node)].sort());
		}
	});
});
