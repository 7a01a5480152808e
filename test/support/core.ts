/** A core client for nock-backed tests: real node:http transport, recorded sleeps, fixed clock and jitter. */
import type nock from 'nock';
import { createClient, GraphClient, WhatsAppError } from '../../shared';
import { nodeRuntime } from '../../shared/node/runtime';

export const GRAPH = 'https://graph.facebook.com';
export const VERSION = 'v25.0';
export const TOKEN = 'EAAGtestTOKEN1234567890abcdefXYZ';
export const WABA_ID = '102290129340398';
export const PHONE_ID = '106540352242922';

export interface TestClient {
	client: GraphClient;
	sleeps: number[];
	logs: string[];
}

export function testClient(overrides: { wabaId?: string | null; maxAttempts?: number; baseUrl?: string; appId?: string } = {}): TestClient {
	const sleeps: number[] = [];
	const logs: string[] = [];
	let clock = Date.parse('2026-11-21T12:00:00Z');
	const runtime = nodeRuntime({
		sleep: async (ms) => {
			sleeps.push(ms);
			clock += ms;
		},
		now: () => clock,
		random: () => 0.5,
		log: (_level, message) => logs.push(message),
	});
	const client = createClient(
		{
			accessToken: TOKEN,
			wabaId: overrides.wabaId === null ? undefined : (overrides.wabaId ?? WABA_ID),
			retry: overrides.maxAttempts ? { maxAttempts: overrides.maxAttempts } : undefined,
			baseUrl: overrides.baseUrl,
			appId: overrides.appId,
		},
		runtime,
	);
	return { client, sleeps, logs };
}

/** Meta's error envelope (docs/meta-api.md §4.1). */
export function metaError(code: number, message = 'Error', details?: string, extra: Record<string, unknown> = {}) {
	return {
		error: {
			message: `(#${code}) ${message}`,
			type: 'OAuthException',
			code,
			...(details ? { error_data: { messaging_product: 'whatsapp', details } } : {}),
			fbtrace_id: 'Az8or2yhqkZfEZ-_4Qn_Bam',
			...extra,
		},
	};
}

/** The read that follows a number-level change (register, verify code…): its query string. */
export const STATE_QUERY = { fields: 'id,status,code_verification_status,name_status,is_pin_enabled' };

/** Meta's answer to that read, and the output fields it becomes. */
export function numberState(status: string, codeVerificationStatus: string, twoStepEnabled: boolean, nameStatus = 'APPROVED', id = PHONE_ID) {
	return {
		meta: { id, status, code_verification_status: codeVerificationStatus, name_status: nameStatus, is_pin_enabled: twoStepEnabled },
		output: { status, codeVerificationStatus, nameStatus, twoStepEnabled, stateKnown: true, stateNote: null },
	};
}

/** The read before a call Meta counts (register, deregister, code request and check): is it a coexistence number? */
export const COEXISTENCE_QUERY = { fields: 'id,is_on_biz_app' };

/** Answers that read for `id` as an ordinary number (not shared with the WhatsApp Business app). */
export function ordinaryNumber(scope: nock.Scope, id = PHONE_ID, version = VERSION): nock.Scope {
	return scope.get(`/${version}/${id}`).query(COEXISTENCE_QUERY).reply(200, { id, is_on_biz_app: false });
}

/** The WhatsAppError a core call fails with (fails the test if it succeeds or throws something else). */
export async function coreFailure(promise: Promise<unknown>): Promise<WhatsAppError> {
	const error = await promise.then(() => undefined, (e: unknown) => e);
	expect(error).toBeInstanceOf(WhatsAppError);
	return error as WhatsAppError;
}
