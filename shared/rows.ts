/**
 * Reading a field of type `rows`: a list of records, each with the field's columns. n8n gives it as
 * the entries of a repeated collection, Zapier as line items, code as an array or a JSON array. Each
 * cell is read and checked like a field of its own; an error names the field, the row and the column.
 */
import { inputError, WhatsAppError } from './errors';
import type { FieldDefinition } from './operation';

const isEmptyCell = (value: unknown): boolean => value === undefined || value === null || (typeof value === 'string' && value.trim() === '');

function rowsOf(field: FieldDefinition, value: unknown): unknown[] {
	let rows = value;
	if (typeof rows === 'string') {
		try {
			rows = JSON.parse(rows);
		} catch {
			throw inputError(field.label, 'is not a list of rows.', `Add the rows one by one, or give a JSON array such as [${exampleRow(field)}].`);
		}
	}
	if (Array.isArray(rows)) return rows;
	if (typeof rows === 'object' && rows !== null) return [rows];
	throw inputError(field.label, 'is not a list of rows.', `Add the rows one by one, or give a JSON array such as [${exampleRow(field)}].`);
}

function exampleRow(field: FieldDefinition): string {
	const columns = (field.columns ?? []).filter((column) => column.required).slice(0, 2);
	return `{${columns.map((column) => `"${column.key}": "${column.placeholder ?? '…'}"`).join(', ')}}`;
}

/**
 * The rows of `value`, each an object keyed by column key with only its filled cells. Rows with no
 * cell filled are left out (a line item added by mistake). `cellOf` finds a column's value in a raw
 * row (its key, or the Zapier key); `readCell` reads and checks it.
 */
export function readRows(
	field: FieldDefinition,
	value: unknown,
	cellOf: (row: Record<string, unknown>, column: FieldDefinition) => unknown,
	readCell: (column: FieldDefinition, cell: unknown) => unknown,
): Array<Record<string, unknown>> {
	const columns = field.columns ?? [];
	const out: Array<Record<string, unknown>> = [];
	rowsOf(field, value).forEach((raw, index) => {
		const where = `${field.label}, ${field.rowLabel?.toLowerCase() ?? 'row'} ${index + 1}`;
		if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw inputError(where, 'is not a row of values.', `Give each row as an object such as ${exampleRow(field)}.`);
		const cells = columns.map((column) => [column, cellOf(raw as Record<string, unknown>, column)] as const);
		if (cells.every(([, cell]) => isEmptyCell(cell))) return;
		const row: Record<string, unknown> = {};
		for (const [column, cell] of cells) {
			const label = `${where}, ${column.label}`;
			if (isEmptyCell(cell)) {
				if (column.required) throw inputError(label, 'is required.', column.help);
				continue;
			}
			try {
				row[column.key] = readCell({ ...column, label }, cell);
			} catch (error) {
				throw error instanceof WhatsAppError ? error : inputError(label, 'could not be read.', column.help);
			}
		}
		out.push(row);
	});
	if (out.length === 0 && field.required) throw inputError(field.label, 'is required.', field.help);
	return out;
}
