/**
 * The recipe checks themselves can fail: a recipe naming a step, label, mapping or output the app
 * does not have is refused with every problem listed, prose headings out of order differ, and a
 * run refuses a built-in the test does not simulate.
 */
import { checkRecipe, expectedProse, proseSteps, Recipe } from './support/recipe';
import { runZap } from './support/zapRunner';

const broken: Recipe = {
	client: { sender: 'The sending number.' },
	zaps: [
		{
			name: 'Zap — Broken',
			steps: [
				{ id: 'hook', app: 'Webhooks by Zapier', event: 'Catch Hook', outputs: ['phone'] },
				{ id: 'add', app: 'WhatsApp Numbers', event: 'Add Number', kind: 'creates', key: 'add_phone_number', fields: { cc: '{{hook.cc}}' } },
				{ id: 'send', app: 'WhatsApp Numbers', event: 'Send Message', kind: 'creates', key: 'send_message', fields: { phone_number_id: '{{client.number}}', to: '{{later.phone}}', text: '{{add.message_id}}' } },
				{ id: 'gone', app: 'WhatsApp Numbers', event: 'Gone', kind: 'creates', key: 'no_such_action' },
			],
		},
	],
};

it('lists every way a recipe disagrees with the app', () => {
	let message = '';
	try {
		checkRecipe({ ...broken, zaps: [{ ...broken.zaps[0], steps: broken.zaps[0].steps.slice(0, 3) }] });
	} catch (error) {
		message = (error as Error).message;
	}
	expect(message.split('\n- ').slice(1)).toEqual([
		'Zap — Broken: step "add" says "Add Number", the app calls add_phone_number "Add Phone Number".',
		'Zap — Broken: step "add" maps {{hook.cc}}, which "hook" does not output.',
		'Zap — Broken: step "send" maps {{client.number}}, which "client" does not describe.',
		'Zap — Broken: step "send" maps {{later.phone}}, but no earlier step is "later".',
		'Zap — Broken: step "send" maps {{add.message_id}}, which "add" does not output.',
	]);
	expect(() => checkRecipe(broken)).toThrow('Step "gone": the app has no creates "no_such_action".');
});

it('reads the prose step headings per Zap, so a step left out or moved shows', () => {
	const prose = '### Zap — Broken\n\n#### 1. Webhooks by Zapier — Catch Hook\n\n#### 2. WhatsApp Numbers — Send Message\n';
	expect(proseSteps(prose)).toEqual([{ zap: 'Zap — Broken', steps: ['Webhooks by Zapier — Catch Hook', 'WhatsApp Numbers — Send Message'] }]);
	expect(proseSteps(prose)).not.toEqual(expectedProse(broken));
});

it('refuses to run a Zap whose built-ins the test does not all simulate', async () => {
	const recipe: Recipe = { client: {}, zaps: [{ name: 'Zap — Mail', steps: [{ id: 'hook', app: 'Webhooks by Zapier', event: 'Catch Hook', outputs: [] }, { id: 'mail', app: 'Email by Zapier', event: 'Send Outbound Email' }] }] };
	await expect(runZap('Zap — Mail', { recipe, authData: {}, client: {}, trigger: {}, builtins: {} })).rejects.toThrow('Zap — Mail: simulations missing for [mail], unknown steps [].');
});
