/** Fields of type `rows`: read from an array, a JSON array or one object, cell by cell, with errors naming field, row and column. */
import { defineOperation, FieldDefinition, parseInput, WhatsAppError } from '../../shared';

const rows: FieldDefinition = {
	key: 'items',
	label: 'Items',
	type: 'rows',
	rowLabel: 'Item',
	required: true,
	help: 'The items.',
	columns: [
		{ key: 'itemName', label: 'Name', type: 'string', required: true, help: 'Its name.', placeholder: 'Pen' },
		{ key: 'itemCount', label: 'Count', type: 'number', required: false, min: 1, help: 'How many.' },
		{ key: 'itemGift', label: 'Gift', type: 'boolean', required: false, help: 'Wrapped?' },
	],
};
const operation = defineOperation<{ items: unknown }, unknown>({
	id: 'rowsTest',
	resource: 'message',
	title: 'Rows Test',
	action: 'Test rows',
	description: '',
	kind: 'read',
	fields: [rows],
	sample: {},
	outputFields: [],
	run: async () => ({}),
});

function failure(items: unknown): WhatsAppError {
	try {
		parseInput(operation, { items });
	} catch (error) {
		return error as WhatsAppError;
	}
	throw new Error('expected the rows to be refused');
}

describe('rows fields', () => {
	it('reads each cell as its column type, by key or Zapier key, leaving out empty cells and empty rows', () => {
		expect(parseInput(operation, { items: [{ itemName: 'Pen', itemCount: '3', item_gift: 'yes' }, { item_name: ' Ink ', itemCount: '' }, { itemName: '', itemCount: null }] })).toEqual({
			items: [{ itemName: 'Pen', itemCount: 3, itemGift: true }, { itemName: ' Ink ' }],
		});
	});

	it('takes a JSON array, or a single object as one row', () => {
		expect(parseInput(operation, { items: '[{"itemName":"Pen"}]' })).toEqual({ items: [{ itemName: 'Pen' }] });
		expect(parseInput(operation, { items: { itemName: 'Pen' } })).toEqual({ items: [{ itemName: 'Pen' }] });
	});

	it('names the field, the row and the column in errors', () => {
		expect(failure([{ itemName: 'Pen' }, { itemCount: 2 }])).toMatchObject({ field: 'Items, item 2, Name', summary: 'Items, item 2, Name: is required.', nextStep: 'Its name.' });
		expect(failure([{ itemName: 'Pen', itemCount: 0 }]).summary).toBe('Items, item 1, Count: 0 is below the minimum.');
		expect(failure(['Pen']).summary).toBe('Items, item 1: is not a row of values.');
		expect(failure('not json')).toMatchObject({ summary: 'Items: is not a list of rows.', nextStep: 'Add the rows one by one, or give a JSON array such as [{"itemName": "Pen"}].' });
		expect(failure([]).summary).toBe('Items: is required.');
		expect(failure([{ itemName: ' ' }]).summary).toBe('Items: is required.');
	});
});
