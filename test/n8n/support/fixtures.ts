/**
 * The made-up account every n8n test works with (token, WABA, app, number) and the values n8n
 * stores for it: credential data as a user types it, resource locator values, Meta's error envelope.
 */
import type { IDataObject } from 'n8n-workflow';

export const GRAPH = 'https://graph.facebook.com';
export const ACCESS_TOKEN = 'EAAGtestSystemUserToken0123456789abcdefXYZ';
export const WABA_ID = '100000000000001';
export const APP_ID = '900000000000001';
export const APP_SECRET = 'test-app-secret-4f1c2b';
export const VERIFY_TOKEN = 'verify-phrase-7781';
export const PHONE_ID = '200000000000001';

export const GRAPH_CREDENTIALS: IDataObject = { accessToken: ACCESS_TOKEN, wabaId: WABA_ID, apiVersion: 'v25.0', baseUrl: GRAPH };
export const APP_CREDENTIALS: IDataObject = { appId: APP_ID, appSecret: APP_SECRET, verifyToken: VERIFY_TOKEN, apiVersion: 'v25.0', baseUrl: GRAPH };

/** A phone-number (or template) locator value as n8n stores it, per mode. */
export const byId = (value: string) => ({ __rl: true, mode: 'id', value });
export const fromList = (value: string) => ({ __rl: true, mode: 'list', value });
export const byDisplayNumber = (value: string) => ({ __rl: true, mode: 'displayNumber', value });

/** Meta's error envelope. */
export function metaError(code: number, message: string, extra: Record<string, unknown> = {}) {
	return { error: { message, type: 'OAuthException', code, fbtrace_id: 'AbCdEfTrace123', ...extra } };
}
