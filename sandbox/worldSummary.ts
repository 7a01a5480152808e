/** The lines `npm run sandbox` prints about the world's templates and coexistence numbers. */
import { COEXISTENCE } from './coexistence';
import { formatDisplayNumber } from './state';
import { placeholders } from './templates/placeholders';
import type { SeedTemplate } from './templates/store';
import type { SandboxSeed } from './types';

/** What a send must supply, e.g. `header DOCUMENT, body {{1}} {{2}}, button 0 url {{1}}`. */
export function templateInputs(template: SeedTemplate): string {
	const parts: string[] = [];
	for (const component of template.components) {
		const type = String(component.type).toUpperCase();
		if (type === 'HEADER') {
			const format = String(component.format).toUpperCase();
			if (format !== 'TEXT') parts.push(`header ${format}`);
			else if (placeholders(String(component.text)).length > 0) parts.push(`header ${placeholders(String(component.text)).map((p) => `{{${p}}}`).join(' ')}`);
		} else if (type === 'BODY') {
			const names = template.category === 'AUTHENTICATION' ? ['1'] : placeholders(String(component.text ?? ''));
			if (names.length > 0) parts.push(`body ${names.map((p) => `{{${p}}}`).join(' ')}`);
		} else if (type === 'BUTTONS') {
			(component.buttons as Array<Record<string, unknown>>).forEach((button, index) => {
				const kind = String(button.type).toUpperCase();
				if (kind === 'COPY_CODE') parts.push(`button ${index} copy_code`);
				else if (kind === 'OTP') parts.push(`button ${index} url (the code)`);
				else if (kind === 'URL' && placeholders(String(button.url)).length > 0) parts.push(`button ${index} url {{${placeholders(String(button.url))[0]}}}`);
			});
		}
	}
	return parts.length > 0 ? parts.join(', ') : 'no parameters';
}

export function worldSummary(seed: SandboxSeed): string[] {
	const lines: string[] = [];
	for (const waba of seed.wabas ?? []) {
		if (!waba.templates?.length) continue;
		lines.push(`Message templates of WABA ${waba.id} (send: name + language; status decides 132001/132015/132016):`);
		for (const t of waba.templates) {
			lines.push(`  ${t.id ?? ''}  ${t.name.padEnd(21)} ${t.language.padEnd(6)} ${(t.status ?? 'APPROVED').padEnd(9)} ${t.category.padEnd(14)} ${templateInputs(t)}`);
		}
	}
	const coexistence = (seed.wabas ?? []).flatMap((waba) => (waba.numbers ?? []).filter((n) => n.isOnBizApp).map((n) => ({ waba: waba.id, number: n })));
	if (coexistence.length > 0) {
		lines.push(`Coexistence numbers (WhatsApp Business app + Cloud API, ${COEXISTENCE.throughputPerSecond} messages/s, register and deregister refused):`);
		for (const { waba, number } of coexistence) {
			// Saved state holds cc + phoneNumber; a hand-written seed may hold displayPhoneNumber only.
			const display = number.cc && number.phoneNumber ? formatDisplayNumber(number.cc, number.phoneNumber) : (number.displayPhoneNumber ?? '');
			lines.push(`  ${number.id}  ${display}  WABA ${waba}`);
		}
	}
	return lines;
}
