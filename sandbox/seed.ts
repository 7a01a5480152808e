/** The default world and reading a seed or saved state from a JSON file. */
import { readFileSync } from 'node:fs';
import { coexistenceWaba } from './coexistence';
import { defaultTemplates } from './templates/seed';
import type { SandboxSeed } from './types';

export const DEFAULT_SEED: Required<Pick<SandboxSeed, 'accessToken' | 'appId' | 'appSecret' | 'businessId'>> & {
	wabaId: string;
	phoneNumberId: string;
	pin: string;
} = {
	accessToken: 'sandbox-access-token',
	appId: '900000000000001',
	appSecret: 'sandbox-app-secret',
	businessId: '300000000000001',
	wabaId: '100000000000001',
	phoneNumberId: '200000000000001',
	pin: '123456',
};

/**
 * The seed used when none is given: one WABA with one CONNECTED number and the default message
 * templates, and a second WABA with one coexistence number (WhatsApp Business app + Cloud API).
 */
export function defaultSeed(): SandboxSeed {
	return {
		accessToken: DEFAULT_SEED.accessToken,
		appId: DEFAULT_SEED.appId,
		appSecret: DEFAULT_SEED.appSecret,
		businessId: DEFAULT_SEED.businessId,
		businessVerified: false,
		wabas: [
			{
				id: DEFAULT_SEED.wabaId,
				name: 'Sandbox WABA',
				subscribed: true,
				numbers: [
					{
						id: DEFAULT_SEED.phoneNumberId,
						displayPhoneNumber: '+1 555-010-0001',
						verifiedName: 'Sandbox Business',
						status: 'CONNECTED',
						nameStatus: 'APPROVED',
						codeVerificationStatus: 'VERIFIED',
						pin: DEFAULT_SEED.pin,
						qualityRating: 'GREEN',
					},
				],
				templates: defaultTemplates(),
			},
			coexistenceWaba(),
		],
		nextPhoneNumberId: '200000000000002',
	};
}

/** Reads a seed or saved state; says which file and why when it cannot. */
export function readSeedFile(path: string): SandboxSeed {
	let text: string;
	try {
		text = readFileSync(path, 'utf8');
	} catch (error) {
		throw new Error(`Cannot read ${path}: ${(error as Error).message}`);
	}
	let parsed: unknown;
	try {
		parsed = JSON.parse(text);
	} catch (error) {
		throw new Error(`${path} is not valid JSON: ${(error as Error).message}`);
	}
	if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) throw new Error(`${path} should hold a JSON object (a sandbox seed)`);
	return parsed as SandboxSeed;
}
