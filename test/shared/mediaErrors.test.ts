/** Meta's media errors in plain words: matched by code and Meta's own sentence, then by code. */
import { DETAIL_CATALOG, ERROR_CATALOG, fromMetaError, renderText } from '../../shared';
import { N8N_LABELS } from '../../nodes/WhatsAppNumbers/labels';
import { ZAPIER_LABELS } from '../../zapier/labels';

describe('media errors', () => {
	it("tells a media ID another number uploaded (or that expired) from other 100s, in Meta's message or details", () => {
		const inMessage = fromMetaError({ code: 100, message: "(#100) Param image['id'] is not a valid whatsapp business account media attachment ID" }, { httpStatus: 400 });
		const inDetails = fromMetaError({ code: 100, message: '(#100) Invalid parameter', error_data: { details: "Param document['id'] is not a valid whatsapp business account media attachment ID" } });
		for (const error of [inMessage, inDetails]) {
			expect(error.summary).toBe('The media ID cannot be used by this phone number: it does not exist, it expired (30 days after upload) or another phone number uploaded it.');
			expect(error.nextStep).toBe('Upload the file again with uploadMedia from the phone number that sends the message, and use the new media ID.');
			expect(error.retry).toEqual({ action: 'fix_and_retry' });
		}
		expect(fromMetaError({ code: 100, message: '(#100) Invalid parameter' }).summary).toBe('Meta rejected a parameter as invalid or unsupported.');
	});

	it('words the asynchronous media failures 131052 and 131053', () => {
		expect(fromMetaError({ code: 131053, title: 'Media upload error' }).message).toBe(
			'WhatsApp could not take the file used in the message: Meta could not fetch the link, or the file type or size is not supported. Check that the link is public and returns the file itself (not a web page), and that its type and size are supported; or upload the file with uploadMedia and send its media ID.',
		);
		expect(fromMetaError({ code: 131052, title: 'Media download error' })).toMatchObject({ category: 'recipient', retry: { action: 'do_not_retry' } });
	});

	it('names the upload step as each platform shows it', () => {
		const nextStep = ERROR_CATALOG[131053].nextStep;
		expect(renderText(nextStep, N8N_LABELS)).toContain('upload the file with "Upload Media" and send its media ID');
		expect(renderText(nextStep, ZAPIER_LABELS)).toContain('upload the file with "Upload Media" and send its media ID');
		const typeRefused = DETAIL_CATALOG.find((candidate) => candidate.pattern.test("Param file must be a file with one of the following types: image/jpeg. Received file of type 'text/html'."));
		expect(renderText(typeRefused?.entry.nextStep ?? '', N8N_LABELS)).toMatch(/set "MIME Type" to the real one\.$/);
		expect(renderText(typeRefused?.entry.nextStep ?? '', ZAPIER_LABELS)).toMatch(/set "MIME Type" to the real one\.$/);
	});
});
