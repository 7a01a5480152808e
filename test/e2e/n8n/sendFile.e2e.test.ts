/**
 * In a real n8n (our package installed from its `npm pack` tarball): n8n's own Convert to File turns
 * base64 into binary data, and Send Message sends it as an image and as a document. The sandbox
 * must hold an image message and a document message whose media, downloaded back through the Graph
 * API, has exactly the bytes that went in.
 */
import { startSandbox, type Sandbox } from '../../../sandbox';
import { N8nInstance, nodeOutput, sandboxCredentialSeeds, type N8nCliRun } from '../../../scripts/n8n/launcher';
import { graphCall, INSTALL_TIMEOUT_MS, installOurPackage, loadWorkflow, prepareN8n, N8N_RECIPES } from './support';

// A 1×1 PNG followed by every byte value, so a text conversion anywhere on the way would show.
const IMAGE = Buffer.concat([
	Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg==', 'base64'),
	Buffer.from(Array.from({ length: 256 }, (_, index) => index)),
]);
const DOCUMENT = Buffer.concat([Buffer.from('%PDF-1.4\n1 0 obj <<>> endobj\n'), Buffer.from([0xe2, 0xe3, 0xcf, 0xd3, 0x00, 0xff]), Buffer.from('\ntrailer <<>>\n%%EOF\n')]);
const IMAGE_TO = '+16505550101';
const DOCUMENT_TO = '+16505550102';

interface SandboxMessage {
	type: string;
	waId: string;
	content: { id?: string; caption?: string; filename?: string };
}

describe.each(N8N_RECIPES)('%s n8n: Send Message with a file from binary data', (recipe) => {
	let sandbox: Sandbox | undefined;
	let n8n: N8nInstance | undefined;
	let run: N8nCliRun;

	beforeAll(async () => {
		const install = await prepareN8n(recipe);
		sandbox = await startSandbox({ port: 0 });
		n8n = await N8nInstance.create({ install });
		await installOurPackage(n8n);
		await n8n.importCredentials(sandboxCredentialSeeds(sandbox));
		await n8n.importWorkflows([
			loadWorkflow('sendFile', {
				IMAGE_DATA: IMAGE.toString('base64'),
				DOCUMENT_DATA: DOCUMENT.toString('base64'),
				PHONE_NUMBER_ID: sandbox.phoneNumberId,
				IMAGE_TO,
				DOCUMENT_TO,
			}),
		]);
		run = await n8n.execute('waE2eSendFile001');
	}, INSTALL_TIMEOUT_MS);

	afterAll(async () => {
		await n8n?.stop();
		await sandbox?.stop();
	}, 60_000);

	const ranOk = (): void => {
		if (!run.ok) throw new Error(`The workflow failed in n8n:\n${run.output.slice(-4000)}`);
	};

	/** The message as the sandbox holds it, and the bytes of its media as the Graph API serves them. */
	async function received(messageId: string): Promise<{ message: SandboxMessage; bytes: Buffer; mimeType: string }> {
		const response = await fetch(`${sandbox!.baseUrl}/_sandbox/messages/${encodeURIComponent(messageId)}`);
		const message = (await response.json()) as SandboxMessage;
		const media = await graphCall<{ url: string; mime_type: string }>(sandbox!, 'GET', String(message.content.id));
		const download = await fetch(media.url, { headers: { authorization: `Bearer ${sandbox!.accessToken}` } });
		return { message, bytes: Buffer.from(await download.arrayBuffer()), mimeType: media.mime_type };
	}

	it('sends the image made by Convert to File by its uploaded media ID, and the sandbox holds exactly those bytes', async () => {
		ranOk();
		const [output] = nodeOutput(run.data, 'Send image');
		expect(output).toMatchObject({ to: IMAGE_TO, sentTo: 'phone_number', sentVia: 'messages', uploadedMediaId: expect.stringMatching(/^\d{16}$/), messageId: expect.stringMatching(/^wamid\./) });
		const { message, bytes, mimeType } = await received(String(output.messageId));
		expect(message).toMatchObject({ type: 'image', waId: IMAGE_TO.slice(1), content: { id: output.uploadedMediaId, caption: 'Our delivery area' } });
		expect(mimeType).toBe('image/png');
		expect(bytes.equals(IMAGE)).toBe(true);
	});

	it('sends the document with its file name, and the sandbox holds exactly its bytes', async () => {
		ranOk();
		const [output] = nodeOutput(run.data, 'Send document');
		expect(output).toMatchObject({ to: DOCUMENT_TO, uploadedMediaId: expect.stringMatching(/^\d{16}$/) });
		const { message, bytes, mimeType } = await received(String(output.messageId));
		expect(message).toMatchObject({ type: 'document', waId: DOCUMENT_TO.slice(1), content: { id: output.uploadedMediaId, filename: 'price-list.pdf' } });
		expect(mimeType).toBe('application/pdf');
		expect(bytes.equals(DOCUMENT)).toBe(true);
	});
});
