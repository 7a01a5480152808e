/** What an inbound message carries, read per type (docs/meta-messaging.md §3): media, replies, context, location, reactions. */
import { parseWebhook } from '../../../shared';
import { fixtureBytes, fixtureJson } from './helpers';

const KERRY = { from: '16315551181', contactName: 'Kerry Fisher', userId: 'US.88120356124470915633' };

test('an image: the media ID, type, checksum and caption (never the download URL, which needs the token)', () => {
	const [event] = parseWebhook(fixtureBytes('messages-inbound-image'));
	expect(event).toMatchObject({ type: 'inboundMessage', messageType: 'image', ...KERRY });
	expect(event).toHaveProperty('media', { id: '1013859600285441', mimeType: 'image/jpeg', sha256: 'UPxL1vfYmXl3RaWo4wi+V+3NXb3vrdRkl/ErPu8nd0c=', caption: 'The box arrived like this' });
	expect(event).not.toHaveProperty('text');
});

test.each([
	['document', { id: '55', mime_type: 'application/pdf', filename: 'invoice.pdf', sha256: 'x' }, { id: '55', mimeType: 'application/pdf', sha256: 'x', filename: 'invoice.pdf' }],
	['audio', { id: '56', mime_type: 'audio/ogg; codecs=opus', voice: true }, { id: '56', mimeType: 'audio/ogg; codecs=opus', voice: true }],
	['sticker', { id: '57', mime_type: 'image/webp', animated: false }, { id: '57', mimeType: 'image/webp', animated: false }],
	['video', { id: '58', mime_type: 'video/mp4', caption: 'unboxing' }, { id: '58', mimeType: 'video/mp4', caption: 'unboxing' }],
])('%s media', (type, content, media) => {
	const body = fixtureJson('messages-inbound-image');
	const message = body.entry[0].changes[0].value.messages[0];
	delete message.image;
	message.type = type;
	message[type] = content;
	expect(parseWebhook(body)[0]).toHaveProperty('media', media);
});

test('a button reply: what was tapped, and the business message it answers', () => {
	const [event] = parseWebhook(fixtureBytes('messages-inbound-button-reply'));
	expect(event).toMatchObject({
		type: 'inboundMessage',
		messageType: 'interactive',
		...KERRY,
		reply: { type: 'button_reply', id: 'confirm-4417', title: 'Yes, confirm' },
		context: { messageId: 'wamid.HBgLMTYzMTU1NTExODEVAgARGBJCVVRUT05TMDAwMDAwMDEA', from: '15550783881' },
	});
});

test.each([
	['a list row', 'interactive', { type: 'list_reply', list_reply: { id: 'row-2', title: 'Tomorrow', description: '9–12' } }, { type: 'list_reply', id: 'row-2', title: 'Tomorrow', description: '9–12' }],
	['a template quick-reply button', 'button', { payload: 'STOP_PROMOTIONS', text: 'Stop promotions' }, { type: 'button', id: 'STOP_PROMOTIONS', title: 'Stop promotions' }],
])('%s', (_label, type, content, reply) => {
	const body = fixtureJson('messages-inbound-button-reply');
	const message = body.entry[0].changes[0].value.messages[0];
	delete message.interactive;
	message.type = type;
	message[type] = content;
	expect(parseWebhook(body)[0]).toHaveProperty('reply', reply);
});

test('a forwarded text, a location and a reaction', () => {
	const body = fixtureJson('messages-inbound-text');
	const value = body.entry[0].changes[0].value;
	const text = value.messages[0];
	text.context = { forwarded: true, frequently_forwarded: false };
	value.messages.push(
		{ ...text, id: 'wamid.LOC', context: undefined, type: 'location', text: undefined, location: { latitude: 37.4847, longitude: -122.1477, name: 'Lucky Shrub', address: '1 Hacker Way' } },
		{ ...text, id: 'wamid.REACT', context: undefined, type: 'reaction', text: undefined, reaction: { message_id: 'wamid.OURS', emoji: '❤️' } },
	);
	const inbound = parseWebhook(JSON.parse(JSON.stringify(body))).filter((event) => event.type === 'inboundMessage');
	expect(inbound[0]).toHaveProperty('context', { forwarded: true, frequentlyForwarded: false });
	expect(inbound[1]).toHaveProperty('location', { latitude: 37.4847, longitude: -122.1477, name: 'Lucky Shrub', address: '1 Hacker Way' });
	expect(inbound[2]).toHaveProperty('reaction', { messageId: 'wamid.OURS', emoji: '❤️' });
});
