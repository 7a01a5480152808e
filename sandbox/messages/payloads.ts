/**
 * Location, contacts and reaction payloads (docs/meta-messaging.md §2.6–2.8), and the references a
 * send makes to the sandbox's world: uploaded media IDs (§1.4) and, for sends to a BSUID, the
 * template kinds a BSUID cannot receive (docs/meta-bsuid.md §4).
 */
import type { SandboxContext } from '../context';
import { MEDIA_LIMITS } from '../messagingConstants';
import { bsuidNotSupported, invalidMediaId } from '../messagingErrors';
import type { NumberRecord } from '../state';
import { invalid, isObject, isText, missing } from './checks';
import type { Recipient } from './recipient';
import { templateCategory } from './templateCategory';

function coordinate(value: unknown, limit: number, label: string): void {
	if (value === undefined) throw missing(`The parameter location['${label}'] is required.`);
	const number = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
	if (typeof number !== 'number' || !Number.isFinite(number) || Math.abs(number) > limit) {
		throw invalid(`location['${label}'] must be a number from -${limit} to ${limit}.`);
	}
}

export function checkLocation(part: Record<string, unknown>): void {
	coordinate(part.latitude, 90, 'latitude');
	coordinate(part.longitude, 180, 'longitude');
	for (const key of ['name', 'address']) if (part[key] !== undefined && typeof part[key] !== 'string') throw invalid(`location['${key}'] must be text.`);
}

const NAME_PARTS = ['first_name', 'last_name', 'middle_name', 'suffix', 'prefix'];

/** `contacts` is a list; each card needs `name.formatted_name` and at least one other part of the name. [doc] */
export function checkContacts(cards: unknown): void {
	if (cards === undefined) throw missing('The parameter contacts is required.');
	if (!Array.isArray(cards) || cards.length === 0) throw invalid('The parameter contacts must be a list of contact cards.');
	cards.forEach((card: unknown, index) => {
		const name = isObject(card) ? card.name : undefined;
		if (!isObject(name) || name.formatted_name === undefined) throw missing(`The parameter contacts[${index}]['name']['formatted_name'] is required.`);
		if (!isText(name.formatted_name)) throw invalid(`contacts[${index}]['name']['formatted_name'] must be non-empty text.`);
		if (!NAME_PARTS.some((part) => isText(name[part]))) throw missing(`contacts[${index}]['name'] needs at least one of ${NAME_PARTS.join(', ')}.`);
		for (const list of ['phones', 'emails', 'urls', 'addresses']) {
			if (isObject(card) && card[list] !== undefined && !Array.isArray(card[list])) throw invalid(`contacts[${index}]['${list}'] must be a list.`);
		}
	});
}

/** One emoji: a flag, a keycap, or pictographs joined by ZWJ with optional variation selector and skin tone. */
const ONE_EMOJI = /^(?:\p{Regional_Indicator}{2}|[#*0-9]\uFE0F?\u20E3|\p{Extended_Pictographic}[\uFE0F\p{Emoji_Modifier}]*(?:\u200D\p{Extended_Pictographic}[\uFE0F\p{Emoji_Modifier}]*)*)$/u;

/** `reaction` names the message and one emoji; an empty emoji removes the reaction. [doc] */
export function checkReaction(part: Record<string, unknown>): void {
	if (part.message_id === undefined) throw missing("The parameter reaction['message_id'] is required.");
	if (!isText(part.message_id)) throw invalid("reaction['message_id'] must be the wamid of the message to react to.");
	if (part.emoji === undefined) throw missing("The parameter reaction['emoji'] is required (an empty string removes the reaction).");
	if (typeof part.emoji !== 'string') throw invalid("reaction['emoji'] must be one emoji, or empty to remove the reaction.");
	if (part.emoji === '') return;
	// [inferred] Meta's answer to text or several emoji is not published: 131009 like other invalid values.
	if (!ONE_EMOJI.test(part.emoji)) throw invalid("reaction['emoji'] must be exactly one emoji.");
}

/**
 * References to the sandbox's world, checked once the payload's form is fine: a media `id` must be a
 * live upload of this number (docs/meta-messaging.md §1.4); a BSUID cannot receive an
 * authentication template (docs/meta-bsuid.md §4; known only once templates have categories).
 */
export function checkReferences(ctx: SandboxContext, number: NumberRecord, type: string, part: Record<string, unknown> | undefined, recipient: Recipient): void {
	if (part && type in MEDIA_LIMITS && part.id !== undefined) {
		const record = ctx.state.messaging.media.get(String(part.id), ctx.clock.now());
		if (!record || record.numberId !== number.id) throw invalidMediaId(type);
	}
	if (part && type === 'template' && recipient.userId !== undefined) {
		const language = isObject(part.language) ? String(part.language.code) : '';
		if (templateCategory(ctx, String(part.name), language) === 'AUTHENTICATION') throw bsuidNotSupported();
	}
}
