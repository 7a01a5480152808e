/**
 * Submitting an n8n form page (a Form Trigger or a Wait node "On Form Submitted") the way a browser
 * does: multipart/form-data with the page's inputs named `field-0`, `field-1`… in the order the node
 * declares its fields (n8n-nodes-base Form utils read them so, in 2.8.4 and 2.41.1).
 */
import type { N8nInstance } from '../../../../../scripts/n8n/launcher';

type N8nHttpResponse = Awaited<ReturnType<N8nInstance['http']>>;

const BOUNDARY = '----n8nGalleryFormBoundary7MA4YWxkTrZu0gW';

/** The multipart body a browser sends for these values, in field order. */
function multipart(values: readonly string[]): string {
	const parts = values.map((value, index) => `--${BOUNDARY}\r\nContent-Disposition: form-data; name="field-${index}"\r\n\r\n${value}\r\n`);
	return `${parts.join('')}--${BOUNDARY}--\r\n`;
}

/**
 * Posts the values to a form URL n8n handed out (its path and query are kept: n8n 2.41.1 signs a
 * waiting form's URL with a token). Throws with n8n's answer unless it accepted the submission.
 */
export async function submitForm(n8n: N8nInstance, formUrl: string, values: readonly string[]): Promise<N8nHttpResponse> {
	const url = new URL(formUrl);
	const response = await n8n.http('POST', `${url.pathname}${url.search}`, {
		rawBody: multipart(values),
		headers: { 'content-type': `multipart/form-data; boundary=${BOUNDARY}` },
	});
	if (response.status >= 400) throw new Error(`The form at ${url.pathname} answered HTTP ${response.status}: ${response.text.slice(0, 500)}\n${n8n.logTail(20)}`);
	return response;
}
