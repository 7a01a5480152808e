/**
 * `npm run gallery:screenshots [-- 04 05]`: a picture of each workflow template for the README,
 * taken from the real n8n editor. Starts the sandbox and a throw-away n8n 2.8.4 with our nodes and
 * the gallery imported (as `npm start` does), logs in as the local owner in headless Chromium,
 * opens each template and saves `templates/n8n/<NN>-<slug>/screenshot.png`. Takes whatever
 * templates exist, or only the numbers given.
 *
 * Chromium is Debian's package (`/usr/bin/chromium`), installed with apt-get on first use when
 * running as root; playwright-core drives it and never downloads a browser.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { chromium, type Page } from 'playwright-core';

import { startSandbox } from '../../sandbox';
import {
	ensureN8n,
	galleryTemplates,
	galleryWorkflow,
	LOCAL_OWNER,
	N8nInstance,
	packOurPackage,
	SANDBOX_CREDENTIALS_BY_TYPE,
	sandboxCredentialSeeds,
	type GalleryTemplate,
} from './launcher';

const CHROMIUM = '/usr/bin/chromium';
/** A browser that talks to nothing but the local n8n: no updates, sync, QUIC or first-run pages. */
const CHROMIUM_FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
/** Small enough for a README, wide enough for a workflow of a dozen nodes. */
const VIEWPORT = { width: 1400, height: 800 };
const STICKY_NOTE = 'n8n-nodes-base.stickyNote';
const APT_TIMEOUT_MS = 15 * 60_000;
const PAGE_TIMEOUT_MS = 60_000;

const say = (line: string): void => {
	process.stdout.write(`${line}\n`);
};

/** Installs Debian's chromium when it is missing (root only), like the relay tests install PostgreSQL. */
function ensureChromium(): void {
	if (fs.existsSync(CHROMIUM)) return;
	if (process.getuid?.() !== 0) throw new Error(`Chromium is not installed (no ${CHROMIUM}) and only root can install it here. Run \`sudo apt-get install -y chromium\`, then run this again.`);
	say('Installing Chromium (apt-get install chromium)…');
	const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
	for (const args of [['update'], ['install', '-y', '--no-install-recommends', 'chromium']]) {
		const result = spawnSync('apt-get', args, { stdio: 'inherit', env, timeout: APT_TIMEOUT_MS });
		if (result.status !== 0) throw new Error(`apt-get ${args.join(' ')} failed (exit ${String(result.status ?? result.signal)}).`);
	}
	if (!fs.existsSync(CHROMIUM)) throw new Error(`apt-get installed chromium, but there is no ${CHROMIUM}.`);
}

/** The templates to photograph: all, or those whose number is given (`04`, `5`). */
function chosenTemplates(args: string[]): GalleryTemplate[] {
	const all = galleryTemplates();
	if (!args.length) return all;
	const wanted = new Set(args.map((arg) => arg.padStart(2, '0')));
	const chosen = all.filter((template) => wanted.has(template.number));
	const missing = [...wanted].filter((number) => !chosen.some((template) => template.number === number));
	if (missing.length) throw new Error(`No template numbered ${missing.join(', ')} in templates/n8n (there are ${all.map((t) => t.folder).join(', ') || 'none'}).`);
	return chosen;
}

/** Logs in through n8n's sign-in form, as a person does (the session is bound to the browser). */
async function logIn(page: Page, baseUrl: string): Promise<void> {
	await page.goto(`${baseUrl}/signin`);
	await page.locator('input[type="email"], input[name="emailOrLdapLoginId"], input[name="email"]').first().fill(LOCAL_OWNER.email);
	await page.locator('input[type="password"]').first().fill(LOCAL_OWNER.password);
	await page.keyboard.press('Enter');
	await page.waitForURL((url) => !url.pathname.startsWith('/signin'), { timeout: PAGE_TIMEOUT_MS });
}

/** Opens the template in the editor, fits the canvas to the viewport and saves the picture. */
async function photograph(page: Page, baseUrl: string, template: GalleryTemplate, nodeCount: number): Promise<void> {
	await page.goto(`${baseUrl}/workflow/${template.workflowId}`);
	const nodes = page.locator('[data-test-id="canvas-node"]');
	await nodes.nth(nodeCount - 1).waitFor({ timeout: PAGE_TIMEOUT_MS });
	// Close whatever the editor opens over the canvas on a first visit (tips, a "what's new" dialog).
	await page.keyboard.press('Escape');
	const fit = page.locator('[data-test-id="zoom-to-fit"]');
	if (await fit.count()) await fit.first().click();
	else await page.keyboard.press('1');
	// The fit is animated; the mouse is moved off the canvas so no node shows its hover toolbar.
	await page.mouse.move(VIEWPORT.width - 5, VIEWPORT.height - 5);
	await page.waitForTimeout(1_000);
	await page.screenshot({ path: template.screenshot });
}

async function main(): Promise<void> {
	const templates = chosenTemplates(process.argv.slice(2));
	if (!templates.length) throw new Error('There are no templates in templates/n8n/<NN>-<slug>/workflow.json to photograph.');
	ensureChromium();
	const install = await ensureN8n({ recipe: 'stable', log: say });
	const work = fs.mkdtempSync(path.join(os.tmpdir(), 'wa-gallery-shots-'));
	const sandbox = await startSandbox({ port: 0 });
	let n8n: N8nInstance | undefined;
	try {
		n8n = await N8nInstance.create({ install });
		say('Installing our nodes and the gallery into a throw-away n8n…');
		await n8n.installPackage(await packOurPackage(path.join(work, 'pack')));
		await n8n.importCredentials(sandboxCredentialSeeds(sandbox));
		const workflows = templates.map((template) => galleryWorkflow(template, SANDBOX_CREDENTIALS_BY_TYPE));
		await n8n.importWorkflows(workflows);
		await n8n.start();
		await n8n.setupOwner();

		const browser = await chromium.launchPersistentContext(path.join(work, 'chromium-profile'), {
			executablePath: CHROMIUM,
			headless: true,
			args: CHROMIUM_FLAGS,
			viewport: VIEWPORT,
		});
		try {
			const page = browser.pages()[0] ?? (await browser.newPage());
			page.setDefaultTimeout(PAGE_TIMEOUT_MS);
			await logIn(page, n8n.baseUrl);
			for (const [index, template] of templates.entries()) {
				await photograph(page, n8n.baseUrl, template, workflows[index].nodes.filter((node) => node.type !== STICKY_NOTE).length);
				say(`Saved ${path.relative(process.cwd(), template.screenshot)}`);
			}
		} finally {
			await browser.close();
		}
	} finally {
		await n8n?.stop();
		await sandbox.stop();
		fs.rmSync(work, { recursive: true, force: true });
	}
}

main().catch((error: Error) => {
	process.stderr.write(`\ngallery:screenshots failed: ${error.message}\n`);
	process.exit(1);
});
