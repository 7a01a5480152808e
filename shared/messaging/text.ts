/** Lengths as WhatsApp counts them (characters, not UTF-16 units) and the length check every text field shares. */
import { inputError } from '../errors';

export const characters = (text: string): number => [...text].length;

/** Text with a length limit; returns the text unchanged (Meta keeps the user's whitespace). */
export function limitedText(value: unknown, label: string, max: number): string {
	const text = String(value);
	if (text.trim() === '') throw inputError(label, 'is empty.', 'Enter the text to send.');
	const length = characters(text);
	if (length > max) throw inputError(label, `is ${length} characters long.`, `WhatsApp allows at most ${max} characters; shorten it.`);
	return text;
}
