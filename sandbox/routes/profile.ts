/**
 * Business profiles (docs/meta-messaging.md §6): `GET /<PHONE_NUMBER_ID>/whatsapp_business_profile
 * ?fields=…` → `{data:[{…, messaging_product:"whatsapp"}]}`, and `POST` with `messaging_product` and
 * the fields to change → `{success:true}`. Limits: about 1–139, address 256, description 512,
 * email 128, at most 2 websites of 256, `vertical` from Meta's list; the picture comes from a
 * Resumable Upload handle (`profile_picture_handle`).
 */
import { randomBytes } from 'node:crypto';
import type { SandboxContext } from '../context';
import { invalidParameter, nonexistingField } from '../graphError';
import { requireWhatsAppProduct } from '../messages/checks';
import { PROFILE_FIELDS, PROFILE_LIMITS, PROFILE_PICTURE_PATH, PROFILE_PICTURE_TYPES, PROFILE_VERTICALS } from '../messagingConstants';
import { invalidParam } from '../messagingErrors';
import type { BusinessProfile } from '../messagingState';
import { callKeys, optionalString, parseFields, Params } from '../params';
import { GraphRequest, GraphResponse, GraphRoute, numberOf, SUCCESS } from './types';

const WRITABLE = ['about', 'address', 'description', 'email', 'vertical', 'websites', 'profile_picture_handle', 'messaging_product'];

function profileOf(ctx: SandboxContext, numberId: string): BusinessProfile {
	let profile = ctx.state.messaging.profiles.get(numberId);
	if (!profile) {
		profile = {};
		ctx.state.messaging.profiles.set(numberId, profile);
	}
	return profile;
}

function getProfile(ctx: SandboxContext, request: GraphRequest): GraphResponse {
	const number = numberOf(ctx, request);
	const requested = parseFields(optionalString(request.params, 'fields')) ?? PROFILE_FIELDS;
	const unknown = requested.find((field) => !PROFILE_FIELDS.includes(field));
	if (unknown) throw nonexistingField(unknown, 'WhatsAppBusinessProfile');
	const profile = ctx.state.messaging.profiles.get(number.id) ?? {};
	const values: Record<string, unknown> = {
		about: profile.about,
		address: profile.address,
		description: profile.description,
		email: profile.email,
		profile_picture_url: profile.pictureToken ? `${ctx.baseUrl()}${PROFILE_PICTURE_PATH}${profile.pictureToken}` : undefined,
		websites: profile.websites?.length ? [...profile.websites] : undefined,
		vertical: profile.vertical,
	};
	// [inferred] Unset fields are left out; Meta's examples always show messaging_product.
	const entry: Record<string, unknown> = {};
	for (const field of requested) if (values[field] !== undefined && values[field] !== '') entry[field] = values[field];
	entry.messaging_product = 'whatsapp';
	return { body: { data: [entry] } };
}

/** A text field: '' clears it; otherwise it must fit `max` (and `min` for about, which cannot be empty). */
function textField(params: Params, name: string, max: number, min = 0): string | undefined {
	const value = params[name];
	if (value === undefined) return undefined;
	if (typeof value !== 'string') throw invalidParam(`The parameter ${name} must be text.`);
	if (value.length < min) throw invalidParam(`The parameter ${name} cannot be empty; it takes ${min} to ${max} characters.`);
	if (value.length > max) throw invalidParam(`The parameter ${name} takes at most ${max} characters; it has ${value.length}.`);
	return value;
}

function websitesField(params: Params): string[] | undefined {
	let value = params.websites;
	if (value === undefined) return undefined;
	if (typeof value === 'string') {
		try {
			value = JSON.parse(value);
		} catch {
			throw invalidParam('The parameter websites must be a list of URLs, e.g. ["https://example.com"].');
		}
	}
	if (!Array.isArray(value) || value.some((site) => typeof site !== 'string')) throw invalidParam('The parameter websites must be a list of URLs.');
	const { max, eachMax } = PROFILE_LIMITS.websites;
	if (value.length > max) throw invalidParam(`A business profile has at most ${max} websites; this request has ${value.length}.`);
	for (const site of value as string[]) {
		if (!/^https?:\/\/\S+$/i.test(site)) throw invalidParam(`Website ${site} must start with http:// or https://.`);
		if (site.length > eachMax) throw invalidParam(`Each website takes at most ${eachMax} characters.`);
	}
	return [...(value as string[])];
}

function updateProfile(ctx: SandboxContext, request: GraphRequest): GraphResponse {
	const number = numberOf(ctx, request);
	const { params } = request;
	requireWhatsAppProduct(params);
	const unknown = callKeys(params).find((key) => !WRITABLE.includes(key));
	if (unknown) throw invalidParameter(`Unknown parameter ${unknown}. A business profile takes ${WRITABLE.filter((key) => key !== 'messaging_product').join(', ')}.`);
	// Everything is checked before anything changes, so a refused update leaves the profile as it was.
	const about = textField(params, 'about', PROFILE_LIMITS.about.max, PROFILE_LIMITS.about.min);
	const address = textField(params, 'address', PROFILE_LIMITS.address);
	const description = textField(params, 'description', PROFILE_LIMITS.description);
	const email = textField(params, 'email', PROFILE_LIMITS.email);
	if (email && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email)) throw invalidParam(`The parameter email must be an email address; ${email} is not.`);
	const vertical = params.vertical;
	if (vertical !== undefined && (typeof vertical !== 'string' || (vertical !== '' && !PROFILE_VERTICALS.includes(vertical)))) {
		throw invalidParam(`The parameter vertical must be empty or one of ${PROFILE_VERTICALS.join(', ')}.`);
	}
	const websites = websitesField(params);
	const handle = optionalString(params, 'profile_picture_handle');
	const picture = handle === undefined ? undefined : ctx.state.messaging.uploads.handle(handle);
	if (handle !== undefined && !picture) throw invalidParam('The parameter profile_picture_handle must be the h a completed Resumable Upload returned.');
	if (picture && !PROFILE_PICTURE_TYPES.includes(picture.mimeType)) throw invalidParam(`A profile picture must be JPEG or PNG; the upload is ${picture.mimeType}.`);

	const profile = profileOf(ctx, number.id);
	if (about !== undefined) profile.about = about;
	if (address !== undefined) profile.address = address;
	if (description !== undefined) profile.description = description;
	if (email !== undefined) profile.email = email;
	if (vertical !== undefined) profile.vertical = vertical as string;
	if (websites !== undefined) profile.websites = websites;
	if (picture) {
		const token = `${randomBytes(12).toString('hex')}.${picture.mimeType === 'image/png' ? 'png' : 'jpg'}`;
		if (profile.pictureToken) ctx.state.messaging.pictures.delete(profile.pictureToken);
		ctx.state.messaging.pictures.set(token, { mimeType: picture.mimeType === 'image/jpg' ? 'image/jpeg' : picture.mimeType, data: picture.data });
		profile.pictureToken = token;
	}
	return SUCCESS;
}

export const profileRoutes: GraphRoute[] = [
	{ kind: 'number', method: 'GET', edge: 'whatsapp_business_profile', handle: getProfile },
	{ kind: 'number', method: 'POST', edge: 'whatsapp_business_profile', handle: updateProfile },
];
