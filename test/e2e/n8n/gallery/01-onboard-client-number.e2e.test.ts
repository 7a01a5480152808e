/**
 * Template 01, onboard a client number, in a real n8n against the sandbox: the committed
 * workflow.json imported with the sandbox credentials and published; a person is played through
 * n8n's own form URLs (the Form Trigger, then the code page, then the last page). Checked like a
 * consultant checks an onboarding: the number CONNECTED with the identity check on and the PIN it
 * was registered with shown once on the last page and saved in the PIN table, in no other node's
 * output; a wrong code asked again; the "PENDING 400" (display name in review) explained and
 * stopped, then the same form run again after approval skips the already verified code (136024).
 */
import { startSandbox, type Sandbox } from '../../../../sandbox';
import { hashPin } from '../../../../sandbox/state';
import type { N8nExecution, N8nInstance } from '../../../../scripts/n8n/launcher';
import { graphCall, INSTALL_TIMEOUT_MS, N8N_RECIPES, SUITE_TIMEOUT_MS } from '../support';
import { readRows } from './support/dataTables';
import { finishForm, pageText, readPage, submitForm, submitPage, waitForForm, waitForPage, type FormRun } from './support/forms';
import { startWithTemplate } from './support/templateInstance';
import { sandboxTemplate } from './support/templateWorkflow';

const FOLDER = '01-onboard-client-number';
const FORM_PATH = 'onboard-whatsapp-number';
const CODE_PAGE = 'Ask for the code';
const DONE_PAGE = 'Show the PIN and the report';
const STOP_PAGE = 'Explain why it stopped';
const PIN_TABLE = 'whatsapp_number_pins';
/** The nodes that hold the PIN by design: its generator and its store. Every other output must not. */
const PIN_HOLDERS = ['Generate a random PIN seed', 'Make a 6-digit PIN', 'Save the PIN'];

/** What the first page asks, in its order: country code, number, display name, SMS or voice. */
const firstPage = (national: string, displayName: string): string[] => ['1', national, displayName, 'SMS'];

describe.each(N8N_RECIPES)('%s n8n: gallery template 01, onboard a client number', (recipe) => {
	let sandbox: Sandbox | undefined;
	let n8n: N8nInstance | undefined;
	let cookie: string;
	const requests: string[] = [];

	const sandboxNumber = (id: string): Record<string, unknown> | undefined =>
		sandbox!.control.snapshot().wabas?.[0].numbers?.find((number) => number.id === id) as Record<string, unknown> | undefined;
	const calls = (pattern: RegExp): string[] => requests.filter((line) => pattern.test(line));
	/** The PIN the last page shows, checked against the one the sandbox registered the number with. */
	const shownPin = (html: string, id: string): string => {
		const pin = /Two-step PIN: (\d{6})\b/.exec(pageText(html))?.[1];
		if (!pin) throw new Error(`The last page shows no PIN:\n${pageText(html)}`);
		expect(sandboxNumber(id)!.pinHash).toBe(hashPin(pin));
		return pin;
	};
	/** The PIN (as a whole number, not inside longer digit runs) is in its generator's and its store's outputs, and in no other node's. */
	const expectPinOnlyInItsHolders = (execution: N8nExecution, pin: string): void => {
		const showing = Object.entries(execution.data!.resultData.runData)
			.filter(([, runs]) => new RegExp(`(^|\\D)${pin}(\\D|$)`).test(JSON.stringify(runs.map((run) => run.data))))
			.map(([name]) => name);
		expect(showing).toEqual(expect.arrayContaining(['Make a 6-digit PIN', 'Save the PIN']));
		expect(showing.filter((name) => !PIN_HOLDERS.includes(name))).toEqual([]);
	};

	beforeAll(async () => {
		sandbox = await startSandbox({ port: 0, logRequests: true, log: (line) => requests.push(line) });
		// A verified business may register 20 numbers, not 2 (the seed's number plus the ones onboarded here).
		sandbox.control.verifyBusiness();
		const workflow = sandboxTemplate(FOLDER);
		({ n8n, cookie } = await startWithTemplate(recipe, sandbox, workflow));
		await n8n.activate(workflow.id);
		await waitForForm(n8n, FORM_PATH);
	}, INSTALL_TIMEOUT_MS);

	afterAll(async () => {
		await n8n?.stop();
		await sandbox?.stop();
	}, 60_000);

	it(
		'onboards a new number: a wrong code is asked again, then it is CONNECTED with the identity check on and the PIN shown once and saved',
		async () => {
			requests.length = 0;
			const run = await submitForm(n8n!, FORM_PATH, firstPage('555 010 0042', 'E2E Market'));
			await waitForPage(n8n!, run, CODE_PAGE);
			const id = '200000000000002';
			expect(sandboxNumber(id)).toMatchObject({ status: 'PENDING' });
			const code = sandbox!.control.verificationCode(id)!;
			expect(code).toMatch(/^\d{6}$/);
			expect(pageText(await readPage(n8n!, run))).toContain('A 6-digit code was sent by SMS to +15550100042');

			// A wrong code: the same page again, saying why; nothing registered.
			const wrong = code.replace(/.$/, (digit) => String((Number(digit) + 1) % 10));
			await submitPage(n8n!, run, [wrong]);
			await waitForPage(n8n!, run, CODE_PAGE, 2);
			expect(pageText(await readPage(n8n!, run))).toContain('That code was not accepted: The verification code is wrong or no longer valid.');
			expect(calls(/ \/v25\.0\/\d+\/register /)).toHaveLength(0);

			await submitPage(n8n!, run, [code]);
			const { html, execution } = await finishForm(n8n!, run, DONE_PAGE);

			expect(execution.status).toBe('success');
			expect(sandboxNumber(id)).toMatchObject({ status: 'CONNECTED', identityCheck: true });
			const pin = shownPin(html, id);
			const page = pageText(html);
			expect(page).toContain('+15550100042 is connected to WhatsApp');
			expect(page).toContain('Identity change check: on');
			expect(page).toMatch(/Readiness: .+/);
			// Registered once, the code verified twice (one wrong): no retry of a counted call.
			expect(calls(/^POST \/v25\.0\/\d+\/register /)).toHaveLength(1);
			expect(calls(/^POST \/v25\.0\/\d+\/verify_code/)).toHaveLength(2);
			expect(calls(/^POST \/v25\.0\/\d+\/request_code/)).toHaveLength(1);

			const saved = (await readRows(n8n!, cookie, PIN_TABLE)).filter((row) => row.phoneNumberId === id);
			expect(saved).toEqual([expect.objectContaining({ phoneNumberId: id, displayNumber: '+15550100042', pin })]);
			expectPinOnlyInItsHolders(execution, pin);
		},
		SUITE_TIMEOUT_MS,
	);

	it(
		'stops with an explanation while the display name is in review (the PENDING 400), then after approval the same form skips the verified code and registers',
		async () => {
			// A number already in the account, held by Meta until its display name is approved.
			const added = await graphCall<{ id: string }>(sandbox!, 'POST', `${sandbox!.wabaId}/phone_numbers`, { cc: '1', phone_number: '5550100043', verified_name: 'E2E Review' });
			sandbox!.control.holdRegisterUntilNameApproved(added.id, true);
			requests.length = 0;

			const first: FormRun = await submitForm(n8n!, FORM_PATH, firstPage('555-010-0043', 'E2E Review'));
			await waitForPage(n8n!, first, CODE_PAGE);
			expect(calls(/^POST \/v25\.0\/\d+\/phone_numbers/)).toHaveLength(0);
			await submitPage(n8n!, first, [sandbox!.control.verificationCode(added.id)!]);
			const stopped = await finishForm(n8n!, first, STOP_PAGE);

			expect(stopped.execution.status).toBe('success');
			const stopPage = pageText(stopped.html);
			expect(stopPage).toContain('Waiting for Meta to approve the display name');
			expect(stopPage).toContain('display name has not been approved yet');
			expect(stopPage).toContain('open this form again with the same number');
			expect(sandboxNumber(added.id)).toMatchObject({ status: 'PENDING' });
			expect(calls(/^POST \/v25\.0\/\d+\/register /)).toHaveLength(1);
			expect(stopped.execution.data!.resultData.runData[DONE_PAGE]).toBeUndefined();
			expect((await readRows(n8n!, cookie, PIN_TABLE)).filter((row) => row.phoneNumberId === added.id)).toEqual([]);

			sandbox!.control.reviewName(added.id, 'APPROVED');
			requests.length = 0;
			const again = await submitForm(n8n!, FORM_PATH, firstPage('555 010 0043', 'E2E Review'));
			const { html, execution } = await finishForm(n8n!, again, DONE_PAGE);

			// Already verified (136024): no code page this time, straight to registration.
			expect(execution.data!.resultData.runData[CODE_PAGE]).toBeUndefined();
			expect(calls(/^POST \/v25\.0\/\d+\/request_code.* → 400/)).toHaveLength(1);
			expect(sandboxNumber(added.id)).toMatchObject({ status: 'CONNECTED', identityCheck: true });
			const pin = shownPin(html, added.id);
			expect((await readRows(n8n!, cookie, PIN_TABLE)).filter((row) => row.phoneNumberId === added.id)).toEqual([expect.objectContaining({ pin })]);
			expectPinOnlyInItsHolders(execution, pin);
		},
		SUITE_TIMEOUT_MS,
	);

	it(
		'stops on an already connected number without requesting a code',
		async () => {
			requests.length = 0;
			// The sandbox's own number, +1 555-010-0001, is CONNECTED.
			const { html, execution } = await finishForm(n8n!, await submitForm(n8n!, FORM_PATH, firstPage('555 010 0001', 'Sandbox Business')), STOP_PAGE);

			expect(execution.status).toBe('success');
			expect(pageText(html)).toContain('+15550100001 is already connected');
			expect(calls(/^POST /)).toEqual([]);
		},
		SUITE_TIMEOUT_MS,
	);

	it(
		'stops after the third wrong code instead of asking again, and registers nothing',
		async () => {
			const added = await graphCall<{ id: string }>(sandbox!, 'POST', `${sandbox!.wabaId}/phone_numbers`, { cc: '1', phone_number: '5550100044', verified_name: 'E2E Typos' });
			requests.length = 0;
			const run = await submitForm(n8n!, FORM_PATH, firstPage('555 010 0044', 'E2E Typos'));
			for (const visit of [1, 2, 3]) {
				await waitForPage(n8n!, run, CODE_PAGE, visit);
				const code = sandbox!.control.verificationCode(added.id)!;
				await submitPage(n8n!, run, [code === '000000' ? '111111' : '000000']);
			}
			const { html, execution } = await finishForm(n8n!, run, STOP_PAGE);

			expect(execution.status).toBe('success');
			expect(execution.data!.resultData.runData[CODE_PAGE]).toHaveLength(3);
			const page = pageText(html);
			expect(page).toContain('The code was wrong 3 times');
			expect(page).toContain('Do not guess');
			expect(calls(/^POST \/v25\.0\/\d+\/request_code/)).toHaveLength(1);
			expect(calls(/^POST \/v25\.0\/\d+\/verify_code/)).toHaveLength(3);
			expect(calls(/^POST \/v25\.0\/\d+\/register /)).toHaveLength(0);
			expect(sandboxNumber(added.id)).toMatchObject({ status: 'PENDING' });
		},
		SUITE_TIMEOUT_MS,
	);

	it(
		'stops at the registration limit (133016) after one refused attempt, saying to wait 72 hours',
		async () => {
			const added = await graphCall<{ id: string }>(sandbox!, 'POST', `${sandbox!.wabaId}/phone_numbers`, { cc: '1', phone_number: '5550100045', verified_name: 'E2E Limit' });
			// Ten register calls in 72 hours, all refused (not verified yet) and all counted by Meta.
			for (let attempt = 0; attempt < 10; attempt++) {
				await expect(graphCall(sandbox!, 'POST', `${added.id}/register`, { messaging_product: 'whatsapp', pin: '111111' })).rejects.toThrow('HTTP 400');
			}
			requests.length = 0;
			const run = await submitForm(n8n!, FORM_PATH, firstPage('555 010 0045', 'E2E Limit'));
			await waitForPage(n8n!, run, CODE_PAGE);
			await submitPage(n8n!, run, [sandbox!.control.verificationCode(added.id)!]);
			const { html, execution } = await finishForm(n8n!, run, STOP_PAGE);

			expect(execution.status).toBe('success');
			const page = pageText(html);
			expect(page).toContain('Registration is blocked for 72 hours');
			expect(page).toContain('Wait 72 hours before registering or deregistering this number again.');
			expect(calls(/^POST \/v25\.0\/\d+\/register /)).toEqual([`POST /v25.0/${added.id}/register → 400`]);
			expect(execution.data!.resultData.runData['Save the PIN']).toBeUndefined();
		},
		SUITE_TIMEOUT_MS,
	);
});
