/**
 * Recipe 04 (templates/zapier/04-campaign-from-a-list.md), run step by step against the sandbox
 * behind the relay, one Zap run per row as Zapier does: a person with a known identity hash, one
 * without, one on recipe 03's blocked list, a row missing a template value, and a send whose answer
 * is lost after it reached Meta. Every row gets its result written back; running the rows again
 * sends nothing. Built-ins are simulated by plain code: the sheet is a map of rows (its trigger
 * the row, Update Spreadsheet Row a merge), Storage a map, Paths the recipe's conditions.
 */
import { appTester, perform } from '../support';
import { Recipe, recipeText } from './support/recipe';
import { conditionHolds, openRecipe, sandboxCall, Storage, World } from './support/world';
import { Output, runZap, ZapRun } from './support/zapRunner';

const SLUG = '04-campaign-from-a-list';
const ORDER_UPDATE = '700000000000002';

let world: World;
let recipe: Recipe;
let client: Record<string, string>;

jest.setTimeout(60_000);

beforeAll(async () => ({ world, recipe, client } = await openRecipe(SLUG, { relay: true }, (w) => ({ sender: w.sandbox.phoneNumberId, template: ORDER_UPDATE }))));
afterAll(() => world?.stop());

/** Google Sheets, simulated: rows by Row ID; Update Spreadsheet Row writes the mapped columns into the row. */
class Sheet {
	readonly rows = new Map<string, Record<string, string>>();

	constructor(rows: Array<Record<string, string>>) {
		rows.forEach((row, index) => this.rows.set(String(index + 2), { row_id: String(index + 2), whatsapp_message_id: '', whatsapp_result: '', ...row }));
	}

	update = (fields: Record<string, unknown>): Output => {
		const { row, ...columns } = fields;
		const current = this.rows.get(String(row));
		if (!current) throw new Error(`No row ${String(row)} in the sheet.`);
		for (const [column, value] of Object.entries(columns)) current[column] = String(value);
		return {};
	};
}

/** Paths by Zapier, simulated: every path whose conditions all hold runs. */
function paths(fields: Record<string, unknown>): Output {
	const chosen = Object.entries(fields as Record<string, Array<Record<string, unknown>>>)
		.filter(([, conditions]) => conditions.every((condition) => conditionHolds(condition)))
		.map(([name]) => name);
	return { paths: chosen };
}

/** One Zap run per row, in the sheet's order (what New Spreadsheet Row gives); `faultyRow`'s send loses Meta's answer. */
async function runRows(sheet: Sheet, storage: Storage, faultyRow?: string): Promise<Map<string, ZapRun>> {
	const runs = new Map<string, ZapRun>();
	const builtins = { blocked: storage.get, route: paths, writeError: sheet.update, writeSent: sheet.update, writeBlocked: sheet.update };
	for (const [rowId, row] of sheet.rows) {
		// The sandbox drops the connection after the work is done: the message exists, the answer never comes.
		world.sandbox.control.setFaults({ faults: rowId === faultyRow ? { dropRate: 1, pathIncludes: '/messages' } : {} });
		runs.set(rowId, await runZap('Zap — Campaign from a list', { recipe, authData: world.authData, client, trigger: { ...row }, builtins }));
	}
	world.sandbox.control.setFaults({ faults: {} });
	return runs;
}

const message = (id: unknown) => sandboxCall(world, 'GET', `/_sandbox/messages/${encodeURIComponent(String(id))}`);

it('sends each row once, with the identity hash when known, skips the blocked, and writes every result back', async () => {
	const { relay } = world.relayWorld!;
	expect((await relay.call('POST', '/meta/configure', { json: { waba_id: world.sandbox.wabaId, access_token: world.sandbox.accessToken } })).json).toMatchObject({ success: true });
	await appTester(perform('creates', 'set_identity_check'), { authData: world.authData, inputData: { phone_number_id: world.sandbox.phoneNumberId, enabled: 'true' } });
	// Ana wrote in before (the relay knows her identity hash); Cleo is on recipe 03's blocked list.
	await sandboxCall(world, 'POST', '/_sandbox/inbound', { phoneNumberId: world.sandbox.phoneNumberId, from: '16315550001', text: 'Where is my order?' });
	const storage = new Storage();
	storage.set({ key: 'blocked_16505551234', value: 'identity changed 2026-06-28T19:34:48.000Z, message wamid.X' });

	const sheet = new Sheet([
		{ phone: '16315550001', first_name: 'Ana', order_id: 'A-1001' },
		{ phone: '16315550002', first_name: 'Ben', order_id: 'A-1002' },
		{ phone: '16505551234', first_name: 'Cleo', order_id: 'A-1003' },
		{ phone: '16315550004', first_name: 'Dan', order_id: '' },
		{ phone: '16315550005', first_name: 'Eve', order_id: 'A-1005' },
	]);
	// Eve's send reaches Meta, but the answer is lost on the way back.
	const first = await runRows(sheet, storage, '6');

	// Ana: sent with the hash the relay saw; Ben: no hash known yet, sent without one.
	const ana = sheet.rows.get('2')!;
	expect(ana).toMatchObject({ whatsapp_message_id: expect.stringMatching(/^wamid\./), whatsapp_result: 'Sent' });
	expect(first.get('2')!.outputs.send).toMatchObject({ identity_hash_checked: true, recipient_identity_key_hash: world.sandbox.control.contact('16315550001').identityKeyHash });
	expect(await message(ana.whatsapp_message_id)).toMatchObject({
		outcome: 'delivered',
		content: {
			name: 'order_update',
			language: { code: 'en_US' },
			components: [{ type: 'body', parameters: [{ type: 'text', parameter_name: 'first_name', text: 'Ana' }, { type: 'text', parameter_name: 'order_id', text: 'A-1001' }] }],
		},
	});
	const ben = sheet.rows.get('3')!;
	expect(ben).toMatchObject({ whatsapp_message_id: expect.stringMatching(/^wamid\./), whatsapp_result: 'Sent' });
	expect(first.get('3')!.outputs.send).toMatchObject({ identity_hash_checked: false });

	// Cleo: blocked, nothing sent, said so on her row.
	expect(first.get('4')!.ran).toEqual(['row', 'blocked', 'route', 'writeBlocked']);
	expect(sheet.rows.get('4')).toMatchObject({ whatsapp_message_id: '', whatsapp_result: 'Blocked: their WhatsApp identity changed. Re-verify them (recipe 03), then run this row again.' });

	// Dan: the missing value is reported on his row, before anything was sent.
	expect(first.get('5')!.ran).toEqual(['row', 'blocked', 'route', 'hash', 'send', 'writeError']);
	const danResult = sheet.rows.get('5')!.whatsapp_result;
	expect(danResult).toBe('Failed: Template Values: the template "order_update" (en_US) needs a value for Body {{order_id}} (key order_id). Nothing was sent. Map a value to order_id, e.g. from a column of your data.');
	expect(sheet.rows.get('5')!.whatsapp_message_id).toBe('');
	expect(normalized(recipeText(SLUG))).toContain(danResult.replace(/^Failed: /, ''));

	// Eve: the outcome is unknown; her row says to check before sending again, and gets no message ID.
	const eve = sheet.rows.get('6')!;
	expect(eve.whatsapp_message_id).toBe('');
	expect(eve.whatsapp_result).toBe('Failed: Could not reach Meta (reset): the connection was reset. The message may still have reached WhatsApp: check the status webhooks or the conversation before sending it again.');
	expect(normalized(recipeText(SLUG))).toContain(eve.whatsapp_result.replace(/^Failed: /, ''));

	// Running every row again (a replay, or the trigger switched to new-or-updated rows) sends nothing new.
	const again = await runRows(sheet, storage);
	for (const rowId of ['2', '3']) expect(again.get(rowId)!.ran).toEqual(['row', 'blocked', 'route']);
	// Only Dan's row, whose send was refused before anything went out, is tried again (and fails the same way);
	// Eve's, whose message may have reached WhatsApp, is not sent twice.
	const resent = [...again.values()].filter((run) => run.ran.includes('send'));
	expect(resent.map((run) => run.outputs.row.first_name)).toEqual(['Dan']);
	expect(again.get('6')!.ran).toEqual(['row', 'blocked', 'route']);
	expect(sheet.rows.get('2')!.whatsapp_message_id).toBe(ana.whatsapp_message_id);
});

const normalized = (text: string) => text.replace(/\s+/g, ' ');
