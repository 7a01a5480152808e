/** The n8n credentials `npm start`, the e2e tests and the benchmark create, pointing at the sandbox. */

export const CREDENTIAL_TYPES = { api: 'whatsAppNumbersApi', app: 'whatsAppNumbersAppApi' } as const;

/** Workflows refer to these credentials by id. */
export const SANDBOX_CREDENTIALS = {
	api: { id: 'waSandboxApiCred01', name: 'WhatsApp sandbox', type: CREDENTIAL_TYPES.api },
	app: { id: 'waSandboxAppCred01', name: 'WhatsApp sandbox app', type: CREDENTIAL_TYPES.app },
} as const;
export const SANDBOX_VERIFY_TOKEN = 'sandbox-verify-token';
const SANDBOX_API_VERSION = 'v25.0';

/** A credential as `n8n import:credentials` takes it: plain `data` is encrypted with the instance key. */
export interface N8nCredentialSeed {
	id: string;
	name: string;
	type: string;
	data: Record<string, unknown>;
}

/** Both sandbox credentials with their data (`n8n import:credentials` encrypts it). */
export function sandboxCredentialSeeds(sandbox: { baseUrl: string; accessToken: string; wabaId: string; appId: string; appSecret: string }): N8nCredentialSeed[] {
	return [
		{
			...SANDBOX_CREDENTIALS.api,
			data: { accessToken: sandbox.accessToken, wabaId: sandbox.wabaId, apiVersion: SANDBOX_API_VERSION, baseUrl: sandbox.baseUrl, appId: sandbox.appId },
		},
		{
			...SANDBOX_CREDENTIALS.app,
			data: { appId: sandbox.appId, appSecret: sandbox.appSecret, verifyToken: SANDBOX_VERIFY_TOKEN, apiVersion: SANDBOX_API_VERSION, baseUrl: sandbox.baseUrl },
		},
	];
}
