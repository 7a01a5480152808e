/**
 * Template definitions read once per run: a batch of 10,000 messages with one template reads it
 * once. Reads go through the client as `read` calls (retried like any read), by ID
 * (`GET /<TEMPLATE_ID>`, docs/meta-templates.md §1.2) or by name (`GET /<WABA_ID>/message_templates
 * ?name=…`, §1.1: every language at once, so a wrong language can be answered with the right ones).
 */
import type { GraphClient } from '../client';
import { WhatsAppError } from '../errors';
import { settle } from '../settle';
import { MetaTemplate, TEMPLATE_FIELDS } from './meta';
import { notInLanguage } from './sendable';

export type TemplateReference = { id: string } | { name: string; language: string };

/** Meta's `name` filter matches substrings [inferred, §1.1]: the page is filtered again by exact name. */
const PAGE_SIZE = 100;

export class TemplateDefinitions {
	private readonly byId = new Map<string, Promise<MetaTemplate>>();
	private readonly byName = new Map<string, Promise<MetaTemplate[]>>();

	constructor(
		private readonly client: GraphClient,
		private readonly operation: string,
	) {}

	/** The template, or the error to report for every message that names it. */
	get(reference: TemplateReference): Promise<MetaTemplate> {
		if ('id' in reference) {
			let pending = this.byId.get(reference.id);
			if (!pending) {
				pending = this.readById(reference.id);
				this.byId.set(reference.id, pending);
			}
			return pending;
		}
		return this.named(reference.name).then((templates) => {
			const match = templates.find((template) => template.language === reference.language);
			if (!match) throw notInLanguage(reference.name, reference.language, templates.map((template) => String(template.language)));
			return match;
		});
	}

	/** Every language of a name (read once per name). */
	named(name: string): Promise<MetaTemplate[]> {
		let pending = this.byName.get(name);
		if (!pending) {
			pending = this.readByName(name);
			this.byName.set(name, pending);
		}
		return pending;
	}

	private async readById(id: string): Promise<MetaTemplate> {
		const read = await settle(this.client.request<MetaTemplate>({ method: 'GET', path: id, query: { fields: TEMPLATE_FIELDS }, retry: 'read', operation: this.operation }));
		if (!read.ok) throw this.readFailure(read.error, `the template with the ID ${id}`);
		return read.value;
	}

	private async readByName(name: string): Promise<MetaTemplate[]> {
		const wabaId = this.client.requireWabaId();
		const read = await settle(
			this.client.requestAllPages<MetaTemplate>({
				path: `${wabaId}/message_templates`,
				query: { name, fields: TEMPLATE_FIELDS, limit: PAGE_SIZE },
				retry: 'read',
				operation: this.operation,
			}),
		);
		if (!read.ok) throw this.readFailure(read.error, `the template "${name}"`);
		return read.value.filter((template) => template.name === name);
	}

	/** A failed read, told as such: nothing was sent, and what to do about the read. */
	private readFailure(error: unknown, what: string): unknown {
		if (!(error instanceof WhatsAppError)) return error;
		if (error.category === 'not_found') {
			return error.within(this.client.scope, {
				category: 'template',
				message: `Meta found no template with that ID in this account (${what}). Nothing was sent.`,
				nextStep: 'Pick the template from the list, or copy its ID from WhatsApp Manager → Message templates.',
				retry: { action: 'fix_and_retry' },
				field: 'Template',
			});
		}
		const permission = error.category === 'permission' || error.category === 'auth';
		return error.within(this.client.scope, {
			message: `Reading ${what} to check the message before sending failed: ${error.summary} Nothing was sent.`,
			nextStep: permission
				? `${error.nextStep} Reading templates needs whatsapp_business_management; without it, turn off {field:templateCheck} to send unchecked.`
				: error.nextStep,
		});
	}
}
