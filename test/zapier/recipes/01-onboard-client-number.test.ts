/**
 * Recipe 01 (templates/zapier/01-onboard-client-number.md), run step by step against the sandbox:
 * Zap A adds the number and asks for the code; the client's code comes back wrong once, then
 * right while Meta still reviews the display name (register refused), and the replayed run
 * registers, turns the identity check on and reports the number ready. Built-ins are simulated
 * by plain code (world.ts): the Catch Hook is the trigger's output, Email by Zapier an outbox.
 */
import { Recipe } from './support/recipe';
import { emailBy, openRecipe, World } from './support/world';
import { runZap } from './support/zapRunner';

const SLUG = '01-onboard-client-number';
const PIN = '246810';
const CLIENT = {
	code_language: 'en_US',
	code_form_url: 'https://forms.example/whatsapp-code',
	two_step_pin: PIN,
	consultant_email: 'consultant@agency.example',
};

let world: World;
let recipe: Recipe;

beforeAll(async () => ({ world, recipe } = await openRecipe(SLUG, {}, () => CLIENT)));
afterAll(() => world?.stop());

const options = (trigger: Record<string, unknown>, builtins: Parameters<typeof runZap>[1]['builtins']) => ({ recipe, authData: world.authData, client: CLIENT, trigger, builtins });

it('onboards a number: code asked, a wrong code, the name still in review, then ready after a replay', async () => {
	// Zap A: the intake form comes in; the number is added, a code requested, the client emailed.
	const intake = { cc: '1', phone_number: '555 010 0042', display_name: 'Harbor Bikes', contact_email: 'owner@harbor.example' };
	const clientMail: Array<Record<string, unknown>> = [];
	const zapA = await runZap('Zap A', options(intake, { ask: emailBy(clientMail) }));
	expect(zapA.failed).toBeUndefined();
	const phoneNumberId = String(zapA.outputs.add.phone_number_id);
	expect(phoneNumberId).toMatch(/^\d+$/);
	expect(zapA.outputs.request).toMatchObject({ success: true, phone_number_id: phoneNumberId, code_method: 'SMS' });
	const code = world.sandbox.control.verificationCode(phoneNumberId);
	expect(code).toMatch(/^\d{6}$/);
	expect(clientMail).toEqual([
		{
			to: 'owner@harbor.example',
			subject: 'Your WhatsApp verification code',
			body: `WhatsApp is sending a 6-digit code to +1 5550100042. Enter it here: https://forms.example/whatsapp-code?phone_number_id=${phoneNumberId}`,
		},
	]);
	expect(JSON.stringify(zapA.outputs)).not.toContain(String(code));

	// Zap B, first try: the client mistypes the code. The run stops at Verify Code with the recipe's words.
	const report: Array<Record<string, unknown>> = [];
	const wrong = String(code) === '000000' ? '111111' : '000000';
	const mistyped = await runZap('Zap B', options({ phone_number_id: phoneNumberId, code: wrong }, { report: emailBy(report) }));
	expect(mistyped.failed?.step).toBe('verify');
	expect(mistyped.failed?.error.message).toContain('The verification code is wrong or no longer valid.');

	// Zap B again with the right code, while Meta still reviews the display name: register is refused.
	world.sandbox.control.holdRegisterUntilNameApproved(phoneNumberId, true);
	const typed = `${String(code).slice(0, 3)}-${String(code).slice(3)}`;
	const held = await runZap('Zap B', options({ phone_number_id: phoneNumberId, code: typed }, { report: emailBy(report) }));
	expect(held.outputs.verify).toMatchObject({ success: true, code_verification_status: 'VERIFIED' });
	expect(held.failed?.step).toBe('register');
	expect(held.failed?.error.message).toContain('Meta refused to register the number because its display name has not been approved yet, so the number stays PENDING.');
	expect(held.failed?.error.message).not.toContain(PIN);
	expect(report).toEqual([]);

	// The name is approved; the consultant replays the run: it goes on from Register with the same PIN.
	world.sandbox.control.reviewName(phoneNumberId, 'APPROVED');
	const replayed = await runZap('Zap B', { ...options({ phone_number_id: phoneNumberId, code: typed }, { report: emailBy(report) }), replay: held });
	expect(replayed.failed).toBeUndefined();
	expect(replayed.ran).toEqual(['code', 'register', 'identity', 'readiness', 'report']);
	expect(replayed.outputs.register).toMatchObject({ success: true, status: 'CONNECTED', two_step_enabled: true, state_known: true });
	expect(replayed.outputs.identity).toMatchObject({ success: true, phone_number_id: phoneNumberId, enabled: true });
	const readiness = replayed.outputs.readiness as Record<string, any>;
	expect(readiness).toMatchObject({ phone_number_id: phoneNumberId, checks: { status: { result: 'pass' }, code_verification: { result: 'pass' }, display_name: { result: 'pass' }, two_step: { result: 'pass' } } });
	expect(report).toEqual([
		{
			to: 'consultant@agency.example',
			subject: `${readiness.display_phone_number}: ${readiness.verdict}`,
			body: `${readiness.summary}\nStatus: CONNECTED. Two-step PIN on: true. Identity check on: true.`,
		},
	]);
	expect(readiness.verdict).not.toBe('not_ready');

	// Replaying with another PIN than the number has: Meta's 133005, in the recipe's words, without either PIN.
	const otherPin = await runZap('Zap B', { ...options({ phone_number_id: phoneNumberId, code: typed }, { report: emailBy(report) }), client: { ...CLIENT, two_step_pin: '135790' }, replay: held });
	expect(otherPin.failed?.step).toBe('register');
	expect(otherPin.failed?.error.message).toContain("The two-step verification PIN does not match the number's PIN.");
	expect(otherPin.failed?.error.message).not.toMatch(/135790|246810/);

	// The PIN and the code never appear in any step's output (the trigger's is what the client typed).
	for (const run of [mistyped, held, replayed, otherPin]) {
		const { code: _typed, ...stepOutputs } = run.outputs;
		expect(JSON.stringify(stepOutputs)).not.toContain(PIN);
		expect(JSON.stringify(stepOutputs)).not.toContain(String(code));
	}
});
