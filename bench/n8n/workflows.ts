/**
 * The workflows compared: a Manual Trigger, a Code node making N messages (each to its own
 * recipient, which names it), and one sending node, always called MEASURED_NODE:
 *  - `node`: our WhatsApp Business Numbers node, Message → Send Message, rate limit = the cap;
 *  - `http-tuned`: n8n's HTTP Request node POSTing the same JSON to `/<PNID>/messages` with the
 *    Bearer token, batching `cap` items per 1,000 ms (the careful user's tuned alternative);
 *  - `http-default`: the same HTTP Request node with n8n's defaults (every item at once), for reference.
 */
import type { N8nWorkflow } from '../../scripts/n8n/launcher';
import { PACKAGE_NAME, SANDBOX_CREDENTIALS } from '../../scripts/n8n/launcher';

export const SIDES = ['node', 'http-tuned', 'http-default'] as const;
export type Side = (typeof SIDES)[number];

export const SIDE_LABELS: Record<Side, string> = {
	node: 'our node (Send Message)',
	'http-tuned': 'HTTP Request, batch = cap / 1,000 ms',
	'http-default': 'HTTP Request, defaults',
};

export const MEASURED_NODE = 'Send messages';
const GENERATOR_NODE = 'Make messages';
const TRIGGER_NODE = 'When clicking Execute';
/** Graph API version in the sandbox credentials and the HTTP Request URL. */
const API_VERSION = 'v25.0';
/** The HTTP Request node version used on both n8n builds (2.8.4 and 2.41.1 both have it). */
const HTTP_REQUEST_VERSION = 4.2;

export interface BenchCase {
	/** The number's throughput cap in the sandbox (messages per second before 130429). */
	cap: number;
	items: number;
}

/** The recipient that names message `index` (digits after `+`), unique per message. */
export function recipientOf(index: number): string {
	return `1555${String(index).padStart(7, '0')}`;
}

export function workflowId(side: Side, benchCase: BenchCase): string {
	return `waBench${side.replace(/-/g, '')}${benchCase.cap}x${benchCase.items}`;
}

/** The Code node's JavaScript: N items `{id, to, text}`. */
function generatorCode(items: number): string {
	return [
		`return Array.from({ length: ${items} }, (_, index) => ({`,
		"\tjson: { id: index, to: '+1555' + String(index).padStart(7, '0'), text: 'Benchmark message ' + index },",
		'}));',
	].join('\n');
}

/** The body our node sends for a text message (what the HTTP Request side must send too). */
const HTTP_JSON_BODY =
	"={{ JSON.stringify({ messaging_product: 'whatsapp', recipient_type: 'individual', to: $json.to, type: 'text', text: { preview_url: false, body: $json.text } }) }}";

function sendingNode(side: Side, benchCase: BenchCase, target: { phoneNumberId: string; baseUrl: string; accessToken: string }, nodeVersion: number): Record<string, unknown> {
	const common = { id: `bench-${side}`, name: MEASURED_NODE, position: [440, 0] };
	if (side === 'node') {
		return {
			...common,
			type: `${PACKAGE_NAME}.whatsAppNumbers`,
			typeVersion: nodeVersion,
			parameters: {
				resource: 'message',
				operation: 'sendMessage',
				phoneNumberId: { __rl: true, mode: 'id', value: target.phoneNumberId },
				to: '={{ $json.to }}',
				messageType: 'text',
				text: '={{ $json.text }}',
				options: { ratePerSecond: benchCase.cap },
			},
			credentials: { [SANDBOX_CREDENTIALS.api.type]: { id: SANDBOX_CREDENTIALS.api.id, name: SANDBOX_CREDENTIALS.api.name } },
		};
	}
	return {
		...common,
		type: 'n8n-nodes-base.httpRequest',
		typeVersion: HTTP_REQUEST_VERSION,
		parameters: {
			method: 'POST',
			url: `${target.baseUrl}/${API_VERSION}/${target.phoneNumberId}/messages`,
			sendHeaders: true,
			headerParameters: { parameters: [{ name: 'Authorization', value: `Bearer ${target.accessToken}` }] },
			sendBody: true,
			specifyBody: 'json',
			jsonBody: HTTP_JSON_BODY,
			options: side === 'http-tuned' ? { batching: { batch: { batchSize: benchCase.cap, batchInterval: 1_000 } } } : {},
		},
	};
}

/** One benchmark workflow. `nodeVersion` is our node's newest version (read from the build). */
export function benchWorkflow(side: Side, benchCase: BenchCase, target: { phoneNumberId: string; baseUrl: string; accessToken: string }, nodeVersion: number): N8nWorkflow {
	return {
		id: workflowId(side, benchCase),
		name: `Bench: ${SIDE_LABELS[side]}, cap ${benchCase.cap}/s, ${benchCase.items} messages`,
		active: false,
		settings: { executionOrder: 'v1' },
		nodes: [
			{ id: 'bench-trigger', name: TRIGGER_NODE, type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, position: [0, 0], parameters: {} },
			{ id: 'bench-generator', name: GENERATOR_NODE, type: 'n8n-nodes-base.code', typeVersion: 2, position: [220, 0], parameters: { jsCode: generatorCode(benchCase.items) } },
			sendingNode(side, benchCase, target, nodeVersion),
		],
		connections: {
			[TRIGGER_NODE]: { main: [[{ node: GENERATOR_NODE, type: 'main', index: 0 }]] },
			[GENERATOR_NODE]: { main: [[{ node: MEASURED_NODE, type: 'main', index: 0 }]] },
		},
	};
}
