/**
 * n8n forms driven the way a browser drives them, through n8n's own HTTP endpoints: the Form
 * Trigger's production URL (`/form/<path>`), then each later page of the same execution at the URL
 * n8n answers with (`/form-waiting/<executionId>`, plus a resume token on 2.41). A page is filled as
 * the form's HTML posts it: multipart fields `field-0`, `field-1`, … in the order the page lists them.
 * The last page ("Form Ending") is read with GET, then confirmed with an empty POST, as the page's
 * own script does; only then does the execution finish.
 */
import type { N8nExecution, N8nInstance } from '../../../../../scripts/n8n/launcher';
import { waitFor } from '../../../../../scripts/n8n/waits';
import { waitForExecution } from './executions';

/** One run of a multi-page form: its execution and the URL of its next page. */
export interface FormRun {
	executionId: string;
	/** `/form-waiting/<id>[?token]`, relative to n8n's base URL. */
	pagePath: string;
}

async function post(n8n: N8nInstance, urlPath: string, values: string[]): Promise<{ status: number; text: string }> {
	const body = new FormData();
	values.forEach((value, index) => body.append(`field-${index}`, value));
	const response = await fetch(`${n8n.baseUrl}${urlPath}`, { method: 'POST', body, signal: AbortSignal.timeout(60_000) });
	return { status: response.status, text: await response.text() };
}

/** Waits (bounded) until the production form at `/form/<formPath>` is served (the workflow is published). */
export async function waitForForm(n8n: N8nInstance, formPath: string, timeoutMs = 30_000): Promise<void> {
	await waitFor(async () => ((await n8n.http('GET', `/form/${formPath}`)).status === 200 ? true : undefined), {
		timeoutMs,
		intervalMs: 250,
		timeoutError: () => new Error(`/form/${formPath} is not served after ${Math.round(timeoutMs / 1000)} s. Last lines of n8n's log:\n${n8n.logTail(20)}`),
	});
}

/** Submits the first page (the Form Trigger) with the given values in field order; returns the run it started. */
export async function submitForm(n8n: N8nInstance, formPath: string, values: string[]): Promise<FormRun> {
	const answer = await post(n8n, `/form/${formPath}`, values);
	if (answer.status !== 200) throw new Error(`POST /form/${formPath} answered HTTP ${answer.status}: ${answer.text.slice(0, 500)}`);
	const { formWaitingUrl } = JSON.parse(answer.text) as { formWaitingUrl?: string };
	if (!formWaitingUrl) throw new Error(`The form answered without a next page (${answer.text.slice(0, 300)}); has the workflow a Form page after its trigger?`);
	const url = new URL(formWaitingUrl);
	return { executionId: url.pathname.split('/').pop()!, pagePath: `${url.pathname}${url.search}` };
}

/**
 * Waits (bounded) until the execution waits on the form page `nodeName` for the `visit`-th time
 * (1 = first time), so a page shown again after a loop is told apart from the previous showing.
 */
export async function waitForPage(n8n: N8nInstance, run: FormRun, nodeName: string, visit = 1, timeoutMs = 60_000): Promise<N8nExecution> {
	let last: N8nExecution | undefined;
	return waitFor(
		async () => {
			last = await n8n.publicApi<N8nExecution>('GET', `/executions/${run.executionId}?includeData=true`);
			if (last.status !== 'waiting') {
				if (['success', 'error', 'crashed', 'canceled'].includes(last.status)) throw new Error(`Execution ${run.executionId} ended "${last.status}" before the page "${nodeName}": ${JSON.stringify(last.data?.resultData.error ?? {}).slice(0, 1500)}`);
				return undefined;
			}
			const waitingOn = last.data?.resultData.lastNodeExecuted;
			return waitingOn === nodeName && (last.data?.resultData.runData[nodeName]?.length ?? 0) >= visit ? last : undefined;
		},
		{
			timeoutMs,
			intervalMs: 300,
			timeoutError: () =>
				new Error(`Execution ${run.executionId} is not waiting on "${nodeName}" (visit ${visit}) after ${Math.round(timeoutMs / 1000)} s; it is "${last?.status}" at "${last?.data?.resultData.lastNodeExecuted}". Last lines of n8n's log:\n${n8n.logTail(30)}`),
		},
	);
}

/** The HTML of the page the execution waits on (what the person sees). */
export async function readPage(n8n: N8nInstance, run: FormRun): Promise<string> {
	const response = await n8n.http('GET', run.pagePath);
	if (response.status !== 200) throw new Error(`GET ${run.pagePath} answered HTTP ${response.status}: ${response.text.slice(0, 500)}`);
	return response.text;
}

/** Submits the page the execution waits on, values in field order. */
export async function submitPage(n8n: N8nInstance, run: FormRun, values: string[]): Promise<void> {
	const answer = await post(n8n, run.pagePath, values);
	if (answer.status !== 200) throw new Error(`POST ${run.pagePath} answered HTTP ${answer.status}: ${answer.text.slice(0, 500)}`);
}

/**
 * Reads the last page ("Form Ending" `nodeName`) once the execution reaches it, confirms it as the
 * browser does, and returns the page's HTML with the finished execution.
 */
export async function finishForm(n8n: N8nInstance, run: FormRun, nodeName: string): Promise<{ html: string; execution: N8nExecution }> {
	await waitForPage(n8n, run, nodeName);
	const html = await readPage(n8n, run);
	const confirm = await fetch(`${n8n.baseUrl}${run.pagePath}`, { method: 'POST', signal: AbortSignal.timeout(60_000) });
	if (confirm.status !== 200) throw new Error(`Confirming the last page answered HTTP ${confirm.status}: ${(await confirm.text()).slice(0, 500)}`);
	return { html, execution: await waitForExecution(n8n, run.executionId) };
}

/** The visible text of a page: tags dropped, entities decoded, white space collapsed. */
export function pageText(html: string): string {
	return html
		.replace(/<(script|style)[\s\S]*?<\/\1>/gi, ' ')
		.replace(/<br\s*\/?>/gi, '\n')
		.replace(/<[^>]+>/g, ' ')
		.replace(/&#x27;|&#39;/g, "'")
		.replace(/&quot;/g, '"')
		.replace(/&lt;/g, '<')
		.replace(/&gt;/g, '>')
		.replace(/&amp;/g, '&')
		.replace(/[ \t]+/g, ' ')
		.replace(/\s*\n\s*/g, '\n')
		.trim();
}

/**
 * Submits a form page at a URL n8n handed out elsewhere (e.g. a Wait node's form link sent in a chat
 * message): its path and query are kept, since n8n 2.41.1 signs a waiting form's URL with a token.
 */
export async function submitFormAt(n8n: N8nInstance, formUrl: string, values: string[]): Promise<void> {
	const url = new URL(formUrl);
	const answer = await post(n8n, `${url.pathname}${url.search}`, values);
	if (answer.status >= 400) throw new Error(`The form at ${url.pathname} answered HTTP ${answer.status}: ${answer.text.slice(0, 500)}\n${n8n.logTail(20)}`);
}
