/**
 * Message templates as state, per WABA (docs/meta-templates.md §1): looked up by ID (the template
 * node), by WABA + name + language (a send) and listed per WABA in creation order. Saved and loaded
 * with the rest of the sandbox (`SeedWaba.templates`).
 */
import type { ParameterFormat } from './rules';

export type TemplateComponent = Record<string, unknown>;

export interface TemplateRecord {
	id: string;
	wabaId: string;
	name: string;
	language: string;
	category: string;
	status: string;
	parameterFormat: ParameterFormat;
	/** As Meta returns them: `type` (and a header's `format`) in capitals. */
	components: TemplateComponent[];
	quality: { score: string; date: number };
	rejectedReason: string;
	previousCategory: string | null;
	/** Pauses for low quality so far: the first two pause, the third disables (§3.3). */
	pauses: number;
	createdAt: number;
}

/** The seed and saved-state form of a template (every field but the definition optional). */
export interface SeedTemplate {
	id?: string;
	name: string;
	language: string;
	category: string;
	components: TemplateComponent[];
	parameterFormat?: ParameterFormat;
	status?: string;
	quality?: { score: string; date: number };
	rejectedReason?: string;
	previousCategory?: string | null;
	pauses?: number;
	createdAt?: number;
}

/** Template IDs are handed out from here up, like Meta's 15–16 digit numeric IDs. */
export const FIRST_TEMPLATE_ID = 700000000000001n;

export class TemplateStore {
	private readonly byIdMap = new Map<string, TemplateRecord>();
	/** `wabaId\nname` of names deleted while APPROVED → when (ms). */
	readonly deletedApproved = new Map<string, number>();
	nextId = FIRST_TEMPLATE_ID;

	byId(id: string): TemplateRecord | undefined {
		return this.byIdMap.get(id);
	}

	forWaba(wabaId: string): TemplateRecord[] {
		return [...this.byIdMap.values()].filter((template) => template.wabaId === wabaId);
	}

	named(wabaId: string, name: string): TemplateRecord[] {
		return this.forWaba(wabaId).filter((template) => template.name === name);
	}

	find(wabaId: string, name: string, language: string): TemplateRecord | undefined {
		return this.named(wabaId, name).find((template) => template.language === language);
	}

	newId(): string {
		const id = String(this.nextId);
		this.nextId += 1n;
		return id;
	}

	add(template: TemplateRecord): void {
		if (this.byIdMap.has(template.id)) throw new Error(`Seed: template id ${template.id} appears twice`);
		this.byIdMap.set(template.id, template);
		if (/^\d+$/.test(template.id) && BigInt(template.id) >= this.nextId) this.nextId = BigInt(template.id) + 1n;
	}

	remove(id: string): void {
		this.byIdMap.delete(id);
	}

	toSeed(wabaId: string): SeedTemplate[] {
		return this.forWaba(wabaId).map(({ wabaId: _waba, components, quality, ...rest }) => ({
			...rest,
			components: structuredClone(components),
			quality: { ...quality },
		}));
	}
}
