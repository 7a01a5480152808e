/**
 * The rules every workflow template of the gallery (`templates/n8n/<NN>-<slug>/workflow.json`)
 * follows, checked on whatever templates this checkout holds. They are the checks a template
 * gallery applies (n8n's template submission guidelines: a sticky note explaining setup, no
 * credentials or pinned data, descriptive node names, nothing disabled without a reason) plus ours:
 * nothing of our sandbox inside, nodes in versions both tested n8n builds have, and the Data tables
 * templates share declared with the same columns. Whether a template imports and runs is the job of
 * its e2e test in test/e2e/n8n/gallery/.
 */
import fs from 'node:fs';

import { defaultSeed } from '../../sandbox';
import { credentialTypesFor, galleryTemplates, PACKAGE_NAME, SANDBOX_CREDENTIALS, SANDBOX_VERIFY_TOKEN, type GalleryTemplate } from '../../scripts/n8n/launcher';

interface TemplateNode {
	id?: string;
	name: string;
	type: string;
	typeVersion: number;
	position: [number, number];
	parameters: Record<string, unknown>;
	credentials?: Record<string, unknown>;
	disabled?: boolean;
	[key: string]: unknown;
}

interface TemplateWorkflow {
	id?: string;
	name: string;
	nodes: TemplateNode[];
	connections: Record<string, Record<string, Array<Array<{ node: string }> | null>>>;
	settings?: Record<string, unknown>;
	pinData?: Record<string, unknown>;
	active?: boolean;
	[key: string]: unknown;
}

const STICKY_NOTE = 'n8n-nodes-base.stickyNote';

/**
 * The newest version of each node type that n8n 2.8.4 has (read from its nodes-base; 2.41.1 has at
 * least these). A template on a newer version would not open on 2.8.4. A node type missing here
 * fails the rule: check its versions in both tested builds, then add it.
 */
const HIGHEST_VERSION_IN_BOTH: Readonly<Record<string, number>> = {
	'n8n-nodes-base.aggregate': 1,
	'n8n-nodes-base.code': 2,
	'n8n-nodes-base.convertToFile': 1.1,
	'n8n-nodes-base.crypto': 2,
	'n8n-nodes-base.dataTable': 1.1,
	'n8n-nodes-base.dateTime': 2,
	'n8n-nodes-base.emailSend': 2.1,
	'n8n-nodes-base.extractFromFile': 1.1,
	'n8n-nodes-base.filter': 2.3,
	'n8n-nodes-base.form': 2.5,
	'n8n-nodes-base.formTrigger': 2.5,
	'n8n-nodes-base.html': 1.2,
	'n8n-nodes-base.httpRequest': 4.4,
	'n8n-nodes-base.if': 2.3,
	'n8n-nodes-base.limit': 1,
	'n8n-nodes-base.manualTrigger': 1,
	'n8n-nodes-base.merge': 3.2,
	'n8n-nodes-base.noOp': 1,
	'n8n-nodes-base.readWriteFile': 1.1,
	'n8n-nodes-base.removeDuplicates': 2,
	'n8n-nodes-base.respondToWebhook': 1.5,
	'n8n-nodes-base.scheduleTrigger': 1.3,
	'n8n-nodes-base.set': 3.4,
	'n8n-nodes-base.sort': 1,
	'n8n-nodes-base.splitInBatches': 3,
	'n8n-nodes-base.splitOut': 1,
	'n8n-nodes-base.stickyNote': 1,
	'n8n-nodes-base.stopAndError': 1,
	'n8n-nodes-base.summarize': 1.1,
	'n8n-nodes-base.switch': 3.4,
	'n8n-nodes-base.wait': 1.1,
	'n8n-nodes-base.webhook': 2.1,
	// Ours (nodes/WhatsAppNumbers/*.node.ts).
	[`${PACKAGE_NAME}.whatsAppNumbers`]: 2,
	[`${PACKAGE_NAME}.whatsAppNumbersTrigger`]: 2,
	[`${PACKAGE_NAME}.whatsAppNumbersStatusTrigger`]: 1,
};

/** The names n8n gives a node when it is added: a template renames each by what it does. */
const DEFAULT_NODE_NAMES = [
	'Aggregate',
	'Code',
	'Convert to File',
	'Crypto',
	'Data table',
	'Date & Time',
	'Edit Fields',
	'Extract from File',
	'Filter',
	'Form',
	'HTML',
	'HTTP Request',
	'If',
	'Limit',
	'Loop Over Items',
	'Merge',
	'n8n Form',
	'n8n Form Trigger',
	'No Operation, do nothing',
	'On form submission',
	'Read/Write Files from Disk',
	'Respond to Webhook',
	'Schedule Trigger',
	'Send Email',
	'Set',
	'Sort',
	'Split Out',
	'Sticky Note',
	'Summarize',
	'Switch',
	'Wait',
	'Webhook',
	'When clicking ‘Execute workflow’',
	'WhatsApp Business Numbers',
	'WhatsApp Business Numbers Trigger',
	'WhatsApp Business Numbers Status Trigger',
];

/** What a consultant creates in n8n for each credential type our nodes use (credentials/*.credentials.ts). */
const CREDENTIAL_DISPLAY_NAMES: Readonly<Record<string, string>> = {
	whatsAppNumbersApi: 'WhatsApp Business Numbers API',
	whatsAppNumbersAppApi: 'WhatsApp Business Numbers App API',
};

/**
 * The Data tables templates share, with the columns every template that creates them declares
 * (the contract in templates/n8n/README.md): one template writes, another reads.
 */
const SHARED_TABLES: Readonly<Record<string, Array<{ name: string; type: string }>>> = {
	whatsapp_blocked_recipients: ['phone', 'userId', 'reason', 'blockedAt'].map((name) => ({ name, type: 'string' })),
};

/** A value as a pattern that also matches it written with spaces, dashes, dots or brackets between digits. */
const digitsPattern = (digits: string): RegExp => new RegExp(`(^|\\D)${digits.split('').join('[\\s\\-().]*')}(\\D|$)`);
const escape = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Everything of our sandbox and test set-up that must never ship in a template, with why. */
function forbiddenContent(): Array<{ pattern: RegExp; what: string }> {
	const seed = defaultSeed();
	const secrets = [seed.accessToken, seed.appSecret, SANDBOX_VERIFY_TOKEN, SANDBOX_CREDENTIALS.api.id, SANDBOX_CREDENTIALS.app.id].filter((value): value is string => !!value);
	const ids = [seed.appId, seed.businessId, ...(seed.wabas ?? []).flatMap((waba) => [waba.id, ...(waba.numbers ?? []).map((number) => number.id)])].filter((value): value is string => !!value);
	const numbers = (seed.wabas ?? []).flatMap((waba) => (waba.numbers ?? []).map((number) => String(number.displayPhoneNumber ?? '').replace(/\D/g, ''))).filter(Boolean);
	return [
		...secrets.map((value) => ({ pattern: new RegExp(escape(value), 'i'), what: `a sandbox token, secret or credential id (${value})` })),
		...ids.map((value) => ({ pattern: digitsPattern(value), what: `a sandbox ID (${value})` })),
		...numbers.map((value) => ({ pattern: digitsPattern(value), what: `a sandbox phone number (${value})` })),
		{ pattern: /\d{15,}/, what: 'a Graph API ID (15 digits or more): a template names numbers and accounts by what the consultant enters' },
		{ pattern: /\bEAA[A-Za-z0-9]{20,}/, what: 'a Meta access token' },
		{ pattern: /localhost|127\.0\.0\.1|\/_sandbox\b/i, what: 'a local or sandbox URL' },
		{ pattern: /graph\.facebook\.com/i, what: "a Graph API URL (templates call Meta only through our nodes, which explain Meta's errors)" },
	];
}

/** The sticky note nearest the top of the canvas (the one a consultant reads first). */
function topStickyNote(workflow: TemplateWorkflow): TemplateNode | undefined {
	const top = Math.min(...workflow.nodes.map((node) => node.position[1]));
	return workflow.nodes.find((node) => node.type === STICKY_NOTE && node.position[1] === top);
}

const templates = galleryTemplates();

describe('the gallery of n8n workflow templates', () => {
	it('has templates, each in a folder named <NN>-<slug> with its own number', () => {
		expect(templates.length).toBeGreaterThan(0);
		const numbers = templates.map((template) => template.number);
		expect(new Set(numbers).size).toBe(numbers.length);
	});

	it('gives each shared Data table the same columns wherever a template creates it', () => {
		for (const template of templates) {
			const workflow = JSON.parse(fs.readFileSync(template.file, 'utf8')) as TemplateWorkflow;
			for (const node of workflow.nodes) {
				const { resource, operation, tableName, columns } = node.parameters as { resource?: string; operation?: string; tableName?: string; columns?: { column?: unknown[] } };
				if (node.type !== 'n8n-nodes-base.dataTable' || resource !== 'table' || operation !== 'create' || !tableName || !(tableName in SHARED_TABLES)) continue;
				expect({ template: template.folder, node: node.name, columns: columns?.column }).toEqual({ template: template.folder, node: node.name, columns: SHARED_TABLES[tableName] });
			}
		}
	});
});

describe.each(templates.map((template): [string, GalleryTemplate] => [template.folder, template]))('template %s', (_folder, template) => {
	const text = fs.readFileSync(template.file, 'utf8');
	const workflow = JSON.parse(text) as TemplateWorkflow;
	const working = workflow.nodes.filter((node) => node.type !== STICKY_NOTE);
	const stickyText = workflow.nodes
		.filter((node) => node.type === STICKY_NOTE)
		.map((node) => String(node.parameters.content ?? ''))
		.join('\n');

	it('is a workflow n8n imports: a name, nodes with unique ids and names, connections between existing nodes, v1 execution order', () => {
		expect(workflow.name).toEqual(expect.any(String));
		expect(workflow.name.length).toBeGreaterThan(10);
		expect(working.length).toBeGreaterThan(0);
		const names = workflow.nodes.map((node) => node.name);
		expect(new Set(names).size).toBe(names.length);
		const ids = workflow.nodes.map((node) => node.id);
		expect(ids.every((id) => typeof id === 'string' && id.length > 0)).toBe(true);
		expect(new Set(ids).size).toBe(ids.length);
		for (const [source, outputs] of Object.entries(workflow.connections)) {
			expect(names).toContain(source);
			for (const targets of Object.values(outputs).flat()) for (const target of targets ?? []) expect(names).toContain(target.node);
		}
		expect(workflow.settings?.executionOrder).toBe('v1');
	});

	it('ships without an id, credentials, pinned data or an active flag (the importer attaches those)', () => {
		expect(workflow.id).toBeUndefined();
		expect(workflow.active).not.toBe(true);
		expect(Object.keys(workflow.pinData ?? {})).toEqual([]);
		expect(workflow.nodes.filter((node) => node.credentials !== undefined && Object.keys(node.credentials).length > 0).map((node) => node.name)).toEqual([]);
	});

	it('holds nothing of our sandbox or test set-up: no tokens, secrets, credential ids, Graph IDs, sandbox numbers or local URLs', () => {
		const found = forbiddenContent()
			.filter(({ pattern }) => pattern.test(text))
			.map(({ what }) => what);
		expect(found).toEqual([]);
	});

	it('starts with a sticky note at the top naming the credentials to create and what to change', () => {
		const note = topStickyNote(workflow);
		expect(note).toBeDefined();
		const content = String(note!.parameters.content ?? '');
		expect(content).toMatch(/credential/i);
		expect(content).toMatch(/change/i);
		const needed = new Set(working.flatMap((node) => credentialTypesFor(node)));
		for (const type of needed) expect({ type, named: content.includes(CREDENTIAL_DISPLAY_NAMES[type] ?? type) }).toEqual({ type, named: true });
	});

	it('names every node by what it does (no default names, no copies numbered by n8n)', () => {
		const generic = workflow.nodes
			.map((node) => node.name)
			.filter((name) => DEFAULT_NODE_NAMES.some((defaultName) => new RegExp(`^${escape(defaultName)}\\d*$`, 'i').test(name)));
		expect(generic).toEqual([]);
	});

	it('uses node versions that both tested n8n builds have', () => {
		const unknown = working.filter((node) => !(node.type in HIGHEST_VERSION_IN_BOTH)).map((node) => `${node.name} (${node.type})`);
		expect(unknown).toEqual([]);
		const tooNew = workflow.nodes.filter((node) => node.typeVersion > (HIGHEST_VERSION_IN_BOTH[node.type] ?? Infinity)).map((node) => `${node.name} (${node.type} v${node.typeVersion})`);
		expect(tooNew).toEqual([]);
	});

	it('has no disabled node unless a sticky note says why (by its name)', () => {
		const unexplained = workflow.nodes.filter((node) => node.disabled === true && !stickyText.includes(node.name)).map((node) => node.name);
		expect(unexplained).toEqual([]);
	});
});
