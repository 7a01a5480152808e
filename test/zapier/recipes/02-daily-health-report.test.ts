/**
 * Recipe 02 (templates/zapier/02-daily-health-report.md), run step by step against the sandbox:
 * one number registered but with medium quality, one added and never registered. The report
 * email says which needs attention and which cannot send, with the next step and the paused
 * template. Built-ins are simulated by plain code: Schedule is the (empty) trigger output,
 * Formatter's Lookup Table a map lookup, Email by Zapier an outbox.
 */
import { appTester, perform } from '../support';
import { Recipe, recipeText } from './support/recipe';
import { emailBy, lookupTable, openRecipe, World } from './support/world';
import { Output, runZap } from './support/zapRunner';

const SLUG = '02-daily-health-report';
const CLIENT = {
	client_name: 'Harbor Bikes',
	first_number: '+1 555-010-0001',
	second_number: '+1 (555) 010-0077',
	report_to: 'team@harbor.example',
};

let world: World;
let recipe: Recipe;

beforeAll(async () => ({ world, recipe } = await openRecipe(SLUG, {}, () => CLIENT)));
afterAll(() => world?.stop());

it('emails one report naming what needs attention on each number, with the next step', async () => {
	// The client's first number is live but its quality dropped; the second was added and never registered.
	world.sandbox.control.setNumberStatus(world.sandbox.phoneNumberId, { qualityRating: 'YELLOW' });
	const added = await appTester(perform('creates', 'add_phone_number'), { authData: world.authData, inputData: { cc: '1', phone_number: '555 010 0077', verified_name: 'Harbor Bikes Repairs' } });

	const outbox: Array<Record<string, unknown>> = [];
	const run = await runZap('Zap — Daily health report', {
		recipe,
		authData: world.authData,
		client: CLIENT,
		trigger: {},
		builtins: { firstWords: lookupTable, secondWords: lookupTable, email: emailBy(outbox) },
	});
	expect(run.failed).toBeUndefined();
	expect(run.stoppedAt).toBeUndefined();
	expect(run.outputs.first).toMatchObject({ id: world.sandbox.phoneNumberId, found: true });
	expect(run.outputs.second).toMatchObject({ id: added.phone_number_id, found: true });
	expect(run.outputs.firstReadiness).toMatchObject({ verdict: 'ready_with_warnings', templates: { paused_names: expect.stringContaining('winter_promo') } });
	expect(run.outputs.secondReadiness).toMatchObject({ verdict: 'not_ready', checks: { status: { result: 'fail' } } });

	expect(outbox).toHaveLength(1);
	const [email] = outbox;
	expect(email.to).toBe('team@harbor.example');
	expect(email.subject).toBe('WhatsApp health, Harbor Bikes: needs attention / NOT READY');
	const body = String(email.body);
	expect(body).toContain('Quality: Quality is medium (yellow): more blocks or reports could limit the number.');
	expect(body).toContain('Paused templates: winter_promo');
	// The core's next step names the Zapier action by its label; the recipe quotes that summary word for word.
	const second = run.outputs.secondReadiness as Output;
	expect(second.summary).toBe('Not ready: The number is added but not registered yet (status PENDING). Next: Register it with its 6-digit two-step PIN ("Register Phone Number"); verify the code first if needed.');
	expect(body).toContain(`${second.display_phone_number}: ${second.summary}`);
	expect(recipeText(SLUG).replace(/\s+/g, ' ')).toContain(String(second.summary));
});

it('stops at the search when a number is not in the account, as the recipe says', async () => {
	const outbox: Array<Record<string, unknown>> = [];
	const run = await runZap('Zap — Daily health report', {
		recipe,
		authData: world.authData,
		client: { ...CLIENT, second_number: '+1 555-010-0999' },
		trigger: {},
		builtins: { firstWords: lookupTable, secondWords: lookupTable, email: emailBy(outbox) },
	});
	expect(run).toMatchObject({ stoppedAt: 'second', nothingFound: true });
	expect(outbox).toEqual([]);
});
