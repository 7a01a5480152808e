/**
 * Small stand-ins for n8n's execution contexts. `httpRequestWithAuthentication` behaves like
 * n8n-core's: it applies the credential class's own `authenticate` block (so the credential file is
 * tested too), sends a real HTTP request with node:http(s) (so nock sees exactly what Meta would),
 * returns `{ body, headers, statusCode }` for `returnFullResponse`, and wraps network errors in
 * NodeApiError as n8n does.
 */
import * as http from 'node:http';
import * as https from 'node:https';

import type { IBinaryData, IDataObject, IHttpRequestOptions, INode, INodeExecutionData } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { WhatsAppNumbersApi } from '../../../credentials/WhatsAppNumbersApi.credentials';
import { WhatsAppNumbersAppApi } from '../../../credentials/WhatsAppNumbersAppApi.credentials';

export const GRAPH = 'https://graph.facebook.com';
export const ACCESS_TOKEN = 'EAAGtestSystemUserToken0123456789abcdefXYZ';
export const WABA_ID = '100000000000001';
export const APP_ID = '900000000000001';
export const APP_SECRET = 'test-app-secret-4f1c2b';
export const VERIFY_TOKEN = 'verify-phrase-7781';
export const PHONE_ID = '200000000000001';

export const GRAPH_CREDENTIALS: IDataObject = { accessToken: ACCESS_TOKEN, wabaId: WABA_ID, apiVersion: 'v25.0', baseUrl: GRAPH };
export const APP_CREDENTIALS: IDataObject = { appId: APP_ID, appSecret: APP_SECRET, verifyToken: VERIFY_TOKEN, apiVersion: 'v25.0', baseUrl: GRAPH };

const CREDENTIAL_TYPES = { whatsAppNumbersApi: new WhatsAppNumbersApi(), whatsAppNumbersAppApi: new WhatsAppNumbersAppApi() };

/** `={{$credentials.x}}` templates as n8n resolves them for a generic authenticate block. */
export function resolveTemplate(template: unknown, credentials: IDataObject): string {
	const text = String(template);
	const body = text.startsWith('=') ? text.slice(1) : text;
	return body.replace(/\{\{\s*\$credentials\.(\w+)\s*\}\}/g, (_, name: string) => String(credentials[name] ?? ''));
}

export interface SentRequest {
	method: string;
	url: string;
	headers: Record<string, string>;
	body?: string;
	/** A body of bytes (a multipart upload, a file), as n8n would send it. */
	bodyBytes?: Buffer;
}

export function makeNode(type: string, name = 'WhatsApp', typeVersion = 1): INode {
	return { id: 'node-1', name, type: `n8n-nodes-whatsapp-numbers.${type}`, typeVersion, position: [0, 0], parameters: {} };
}

function send(options: IHttpRequestOptions, headers: Record<string, string>, url: URL): Promise<{ body: string | Buffer; headers: http.IncomingHttpHeaders; statusCode: number }> {
	return new Promise((resolve, reject) => {
		const body = typeof options.body === 'string' || Buffer.isBuffer(options.body) ? options.body : options.body === undefined ? undefined : JSON.stringify(options.body);
		const transport = url.protocol === 'https:' ? https : http;
		const request = transport.request(url, { method: options.method ?? 'GET', headers: { 'user-agent': 'n8n', ...headers } }, (response) => {
			const chunks: Buffer[] = [];
			response.on('data', (chunk: Buffer) => chunks.push(chunk));
			// `encoding: 'arraybuffer'` makes n8n (axios) answer a Buffer.
			response.on('end', () => {
				const raw = Buffer.concat(chunks);
				resolve({ body: options.encoding === 'arraybuffer' ? raw : raw.toString('utf8'), headers: response.headers, statusCode: response.statusCode ?? 0 });
			});
			response.on('error', reject);
		});
		if (options.timeout) request.setTimeout(options.timeout, () => request.destroy(Object.assign(new Error('timeout exceeded'), { code: 'ECONNABORTED' })));
		request.on('error', reject);
		request.end(body);
	});
}

/** The `helpers.httpRequestWithAuthentication` of the fake contexts. */
export function authenticatedRequester(node: INode, credentials: Record<string, IDataObject>, sent: SentRequest[]) {
	return async function httpRequestWithAuthentication(credentialType: string, options: IHttpRequestOptions): Promise<unknown> {
		const type = CREDENTIAL_TYPES[credentialType as keyof typeof CREDENTIAL_TYPES];
		const data = credentials[credentialType];
		if (!type || !data) throw new NodeApiError(node, { message: `Node does not have credentials of type "${credentialType}"` });
		const authenticate = type.authenticate.properties;
		const headers: Record<string, string> = {};
		for (const [key, value] of Object.entries(options.headers ?? {})) headers[key.toLowerCase()] = String(value);
		for (const [key, value] of Object.entries(authenticate.headers ?? {})) headers[key.toLowerCase()] = resolveTemplate(value, data);
		const url = new URL(options.url);
		for (const [key, value] of Object.entries({ ...(options.qs ?? {}), ...(authenticate.qs ?? {}) })) {
			url.searchParams.set(key, key in (authenticate.qs ?? {}) ? resolveTemplate(value, data) : String(value));
		}
		sent.push({
			method: options.method ?? 'GET',
			url: url.toString(),
			headers,
			body: typeof options.body === 'string' ? options.body : undefined,
			...(Buffer.isBuffer(options.body) ? { bodyBytes: options.body } : {}),
		});
		try {
			const response = await send(options, headers, url);
			if (!options.ignoreHttpStatusErrors && response.statusCode >= 400) throw Object.assign(new Error(`Request failed with status code ${response.statusCode}`), { response });
			return options.returnFullResponse ? response : response.body;
		} catch (error) {
			throw new NodeApiError(node, error as never);
		}
	};
}

export interface ExecuteOptions {
	/** Parameters for every item, or per item. */
	parameters: Record<string, unknown> | ((itemIndex: number) => Record<string, unknown>);
	items?: INodeExecutionData[];
	continueOnFail?: boolean;
	credentials?: Record<string, IDataObject>;
	/** The node's version (1 unless given). */
	typeVersion?: number;
}

function parameterReader(parameters: ExecuteOptions['parameters']) {
	return (name: string, itemIndex: number, ...fallback: unknown[]) => {
		const values = typeof parameters === 'function' ? parameters(itemIndex) : parameters;
		if (values[name] !== undefined) return values[name];
		if (fallback.length && fallback[0] !== undefined) return fallback[0];
		// n8n throws for a parameter that is neither set nor given a fallback.
		throw new Error(`Could not get parameter "${name}"`);
	};
}

const silentLogger = { debug: jest.fn(), info: jest.fn(), warn: jest.fn(), error: jest.fn() };

/** Binary data as n8n keeps it in an item (the default, in-memory mode: base64). */
export function binaryData(bytes: Buffer, fileName?: string, mimeType = 'application/octet-stream'): IBinaryData {
	return { data: bytes.toString('base64'), mimeType, ...(fileName ? { fileName } : {}), fileSize: `${bytes.length} B` };
}

/** n8n's binary helpers of an execute context, over the items given (same errors as n8n-core's). */
function binaryHelpers(node: INode, items: () => INodeExecutionData[]) {
	const find = (itemIndex: number, name: string): IBinaryData => {
		const binary = items()[itemIndex]?.binary?.[name];
		if (!binary) {
			throw new NodeOperationError(node, `This operation expects the node's input data to contain a binary file '${name}', but none was found [item ${itemIndex}]`, {
				itemIndex,
				description: 'Make sure that the previous node outputs a binary file',
			});
		}
		return binary;
	};
	return {
		assertBinaryData: (itemIndex: number, name: string) => find(itemIndex, name),
		getBinaryDataBuffer: async (itemIndex: number, name: string) => Buffer.from(find(itemIndex, name).data, 'base64'),
		prepareBinaryData: async (buffer: Buffer, fileName?: string, mimeType?: string): Promise<IBinaryData> => ({
			data: buffer.toString('base64'),
			mimeType: mimeType ?? 'application/octet-stream',
			...(fileName ? { fileName, fileExtension: fileName.split('.').pop() } : {}),
			fileSize: `${buffer.length} B`,
		}),
	};
}

/** A fake IExecuteFunctions (and ILoadOptionsFunctions: same helpers). */
export function executeContext(options: ExecuteOptions) {
	const node = makeNode('whatsAppNumbers', 'WhatsApp Business Numbers', options.typeVersion);
	const sent: SentRequest[] = [];
	const credentials = options.credentials ?? { whatsAppNumbersApi: GRAPH_CREDENTIALS };
	const read = parameterReader(options.parameters);
	const context = {
		sent,
		getNode: () => node,
		/** ILoadOptionsFunctions: the value being edited, undefined when unset. */
		getCurrentNodeParameter: (name: string) => (typeof options.parameters === 'function' ? options.parameters(0) : options.parameters)[name],
		getInputData: () => options.items ?? [{ json: {} }],
		getNodeParameter: (name: string, itemIndex = 0, ...fallback: unknown[]) => read(name, itemIndex, ...fallback),
		continueOnFail: () => options.continueOnFail === true,
		getCredentials: async (type: string) => {
			if (!credentials[type]) throw new Error(`Node does not have credentials of type "${type}"`);
			return { ...credentials[type] };
		},
		getMode: () => 'manual',
		logger: silentLogger,
		helpers: { httpRequestWithAuthentication: authenticatedRequester(node, credentials, sent), ...binaryHelpers(node, () => options.items ?? [{ json: {} }]) },
	};
	return context;
}

/** A fake IHookFunctions for webhook lifecycle methods. */
export function hookContext(
	parameters: Record<string, unknown>,
	webhookUrl = 'https://n8n.example.com/webhook/abc-123/webhook',
	credentials: Record<string, IDataObject> = { whatsAppNumbersApi: GRAPH_CREDENTIALS, whatsAppNumbersAppApi: APP_CREDENTIALS },
) {
	const node = makeNode('whatsAppNumbersTrigger', 'WhatsApp Trigger');
	const sent: SentRequest[] = [];
	const staticData: IDataObject = {};
	return {
		sent,
		staticData,
		getNode: () => node,
		getNodeParameter: (name: string, ...fallback: unknown[]) => parameterReader(parameters)(name, 0, ...fallback),
		getNodeWebhookUrl: (name: string) => (name === 'default' || name === 'setup' ? webhookUrl : undefined),
		getWebhookName: () => 'default',
		getWorkflowStaticData: () => staticData,
		getMode: () => 'trigger',
		getActivationMode: () => 'activate',
		getCredentials: async (type: string) => ({ ...credentials[type] }),
		logger: silentLogger,
		helpers: { httpRequestWithAuthentication: authenticatedRequester(node, credentials, sent) },
	};
}

export interface RecordedResponse {
	statusCode?: number;
	contentType?: string;
	body?: unknown;
}

/** A fake IWebhookFunctions. `rawBody` is what n8n keeps of the request bytes for signature checks. */
export function webhookContext(request: {
	webhookName: 'setup' | 'default';
	query?: Record<string, unknown>;
	headers?: Record<string, string | string[]>;
	rawBody?: Buffer;
	parameters?: Record<string, unknown>;
	appCredentials?: IDataObject;
	graphCredentials?: IDataObject;
}) {
	const node = makeNode('whatsAppNumbersTrigger', 'WhatsApp Trigger');
	const response: RecordedResponse & { status(code: number): unknown; type(type: string): unknown; send(body: unknown): unknown } = {
		status(code: number) {
			this.statusCode = code;
			return this;
		},
		type(type: string) {
			this.contentType = type;
			return this;
		},
		send(body: unknown) {
			this.body = body;
			return this;
		},
	};
	const logger = { debug: jest.fn(), info: jest.fn(), warn: jest.fn(), error: jest.fn() };
	const parameters = request.parameters ?? {};
	return {
		response,
		logger,
		getNode: () => node,
		getWebhookName: () => request.webhookName,
		getQueryData: () => request.query ?? {},
		getHeaderData: () => request.headers ?? {},
		getBodyData: () => (request.rawBody ? JSON.parse(request.rawBody.toString('utf8')) : {}),
		getRequestObject: () => ({ rawBody: request.rawBody, headers: request.headers ?? {}, query: request.query ?? {} }),
		getResponseObject: () => response,
		getNodeParameter: (name: string, ...fallback: unknown[]) => parameterReader(parameters)(name, 0, ...fallback),
		getCredentials: async (type: string) => {
			if (type === 'whatsAppNumbersAppApi') return { ...(request.appCredentials ?? APP_CREDENTIALS) };
			return { ...(request.graphCredentials ?? GRAPH_CREDENTIALS) };
		},
		getMode: () => 'webhook',
	};
}

/** A fake IPollFunctions whose static data survives between polls (as for an active workflow). */
export function pollContext(
	parameters: Record<string, unknown>,
	mode: 'trigger' | 'manual' = 'trigger',
	staticData: IDataObject = {},
	credentials: Record<string, IDataObject> = { whatsAppNumbersApi: GRAPH_CREDENTIALS },
) {
	const node = makeNode('whatsAppNumbersStatusTrigger', 'Status Trigger');
	const sent: SentRequest[] = [];
	return {
		sent,
		staticData,
		getNode: () => node,
		getMode: () => mode,
		getActivationMode: () => 'activate',
		getNodeParameter: (name: string, ...fallback: unknown[]) => parameterReader(parameters)(name, 0, ...fallback),
		getWorkflowStaticData: () => staticData,
		getCredentials: async (type: string) => ({ ...credentials[type] }),
		logger: silentLogger,
		helpers: { httpRequestWithAuthentication: authenticatedRequester(node, credentials, sent) },
	};
}

/** A phone-number locator value as n8n stores it. */
export const byId = (value: string) => ({ __rl: true, mode: 'id', value });
export const fromList = (value: string) => ({ __rl: true, mode: 'list', value });
export const byDisplayNumber = (value: string) => ({ __rl: true, mode: 'displayNumber', value });

/** Meta's error envelope. */
export function metaError(code: number, message: string, extra: Record<string, unknown> = {}) {
	return { error: { message, type: 'OAuthException', code, fbtrace_id: 'AbCdEfTrace123', ...extra } };
}
