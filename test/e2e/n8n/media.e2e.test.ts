/**
 * In a real n8n (our package installed from its `npm pack` tarball): n8n's own nodes turn base64
 * into binary data, our node uploads it to the sandbox as a media file, downloads it back as binary
 * data, n8n's Extract From File reads those bytes, and our node deletes the media. The bytes that
 * come back must be the bytes that went in.
 */
import { createHash } from 'node:crypto';
import { startSandbox, type Sandbox } from '../../../sandbox';
import { N8nInstance, nodeOutput, sandboxCredentialSeeds, type N8nCliRun } from '../../../scripts/n8n/launcher';
import { INSTALL_TIMEOUT_MS, installOurPackage, loadWorkflow, prepareN8n, N8N_RECIPES } from './support';

// A 1×1 PNG followed by every byte value, so a text conversion anywhere on the way would show.
const FILE = Buffer.concat([
	Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg==', 'base64'),
	Buffer.from(Array.from({ length: 256 }, (_, index) => index)),
]);

describe.each(N8N_RECIPES)('%s n8n: media files as binary data with the WhatsApp Business Numbers node', (recipe) => {
	let sandbox: Sandbox | undefined;
	let n8n: N8nInstance | undefined;
	let run: N8nCliRun;

	beforeAll(async () => {
		const install = await prepareN8n(recipe);
		sandbox = await startSandbox({ port: 0 });
		n8n = await N8nInstance.create({ install });
		await installOurPackage(n8n);
		await n8n.importCredentials(sandboxCredentialSeeds(sandbox));
		await n8n.importWorkflows([loadWorkflow('mediaRoundTrip', { FILE_DATA: FILE.toString('base64'), PHONE_NUMBER_ID: sandbox.phoneNumberId })]);
		run = await n8n.execute('waE2eMediaRound01');
	}, INSTALL_TIMEOUT_MS);

	afterAll(async () => {
		await n8n?.stop();
		await sandbox?.stop();
	}, 60_000);

	const ranOk = (): void => {
		if (!run.ok) throw new Error(`The workflow failed in n8n:\n${run.output.slice(-4000)}`);
	};

	it('uploads the binary data of the item as a PNG media file', () => {
		ranOk();
		expect(nodeOutput(run.data, 'Upload')).toEqual([
			expect.objectContaining({ phoneNumberId: sandbox!.phoneNumberId, mediaType: 'image', mimeType: 'image/png', fileName: 'logo.png', fileSize: FILE.length, mediaId: expect.stringMatching(/^\d{16}$/) }),
		]);
	});

	it('downloads it back as binary data with its type and name, and the details as JSON (no URL)', () => {
		ranOk();
		const [details] = nodeOutput(run.data, 'Download');
		const mediaId = String(nodeOutput(run.data, 'Upload')[0].mediaId);
		expect(details).toEqual({ mediaId, mimeType: 'image/png', sha256: createHash('sha256').update(FILE).digest('hex'), fileSize: FILE.length, fileName: `${mediaId}.png` });
		const item = run.data?.resultData.runData.Download[0].data?.main?.[0]?.[0] as { binary?: Record<string, { mimeType?: string; fileName?: string }> } | undefined;
		expect(item?.binary?.downloaded).toMatchObject({ mimeType: 'image/png', fileName: `${mediaId}.png` });
		expect(JSON.stringify(details)).not.toContain('whatsapp_business/attachments');
	});

	it('gives back exactly the bytes that went in (read by n8n\'s own Extract From File)', () => {
		ranOk();
		const [extracted] = nodeOutput(run.data, 'Back to base64');
		expect(Buffer.from(String(extracted.b64), 'base64').equals(FILE)).toBe(true);
	});

	it('deletes the media: the sandbox no longer has it', async () => {
		ranOk();
		const mediaId = String(nodeOutput(run.data, 'Upload')[0].mediaId);
		expect(nodeOutput(run.data, 'Delete')).toEqual([{ success: true, mediaId, stillExists: false, stateKnown: true, stateNote: null }]);
		const lookup = await fetch(`${sandbox!.baseUrl}/v25.0/${mediaId}`, { headers: { authorization: `Bearer ${sandbox!.accessToken}` } });
		expect(lookup.status).toBe(400);
	});
});
