/**
 * The sandbox's world beyond numbers and contacts: media and uploads (memory only), business
 * profiles, which WABAs accepted the Marketing Messages API terms, users' usernames and whether
 * their phone number is hidden from the business (docs/meta-bsuid.md §2), and the inbound messages
 * a read receipt may name. `toSeed()`/`fromSeed()` carry everything but the binary parts.
 */
import { MediaStore } from './media/store';
import { UploadSessions } from './media/uploadSessions';
import type { ContactRecord } from './state';

export interface BusinessProfile {
	about?: string;
	address?: string;
	description?: string;
	email?: string;
	websites?: string[];
	vertical?: string;
	/** Names the picture in `pictures`; the public URL is derived from it. */
	pictureToken?: string;
}

export interface UserExtras {
	/** The user's WhatsApp username (2026), shown as `contacts[].profile.username`. */
	username: string | null;
	/** A username adopter without recent contact: webhooks leave out `wa_id`/`from` (docs/meta-bsuid.md §2). */
	phoneHidden: boolean;
}

export interface InboundRecord {
	id: string;
	phoneNumberId: string;
	waId: string;
	type: string;
	createdAt: number;
	readAt: number | null;
	/** When the last typing indicator shown for this message disappears. */
	typingUntil: number | null;
}

/** The saved-state form (`SandboxSeed.messaging`). */
export interface SeedMessaging {
	/** Business profiles by phone number ID. */
	profiles?: Record<string, BusinessProfile>;
	/** WABAs whose business accepted the Marketing Messages API terms. */
	marketingOnboardedWabas?: string[];
	/** Usernames and hidden phone numbers by WhatsApp ID. */
	users?: Record<string, Partial<UserExtras>>;
}

const INBOUND_MEMORY = 20_000;

export class MessagingState {
	readonly media = new MediaStore();
	readonly uploads = new UploadSessions();
	readonly profiles = new Map<string, BusinessProfile>();
	/** Profile pictures by token (bytes are not saved with the state). */
	readonly pictures = new Map<string, { mimeType: string; data: Buffer }>();
	readonly marketingOnboarded = new Set<string>();
	readonly users = new Map<string, UserExtras>();
	readonly inbound = new Map<string, InboundRecord>();

	static fromSeed(seed: SeedMessaging = {}): MessagingState {
		const state = new MessagingState();
		for (const [id, profile] of Object.entries(seed.profiles ?? {})) state.profiles.set(id, { ...profile, websites: profile.websites ? [...profile.websites] : undefined });
		for (const id of seed.marketingOnboardedWabas ?? []) state.marketingOnboarded.add(String(id));
		for (const [waId, extras] of Object.entries(seed.users ?? {})) state.users.set(waId, { username: extras.username ?? null, phoneHidden: extras.phoneHidden ?? false });
		return state;
	}

	toSeed(): SeedMessaging {
		return {
			profiles: Object.fromEntries([...this.profiles].map(([id, profile]) => [id, { ...profile }])),
			marketingOnboardedWabas: [...this.marketingOnboarded],
			users: Object.fromEntries([...this.users].map(([waId, extras]) => [waId, { ...extras }])),
		};
	}

	user(waId: string): UserExtras {
		return this.users.get(waId) ?? { username: null, phoneHidden: false };
	}

	rememberInbound(record: InboundRecord): void {
		this.inbound.set(record.id, record);
		if (this.inbound.size > INBOUND_MEMORY) {
			const oldest = this.inbound.keys().next().value;
			if (oldest !== undefined) this.inbound.delete(oldest);
		}
	}
}

/** The contact a BSUID names. A scan: sends to BSUIDs are rare next to sends to phone numbers. */
export function contactByUserId(contacts: ReadonlyMap<string, ContactRecord>, userId: string): ContactRecord | undefined {
	for (const contact of contacts.values()) if (contact.userId === userId) return contact;
	return undefined;
}
