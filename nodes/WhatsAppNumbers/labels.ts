/**
 * How the n8n nodes name the core's operations and fields, so the core's messages ("set a new PIN
 * with {op:setTwoStepPin}") read as n8n shows them: every operation under its title, every field
 * under its parameter name, the account settings as the credential.
 */
import { OPERATIONS, platformLabels } from '../../shared';

export const N8N_LABELS = platformLabels(
	'n8n',
	'the "WhatsApp Business Numbers API" credential',
	OPERATIONS.map((operation) => ({ id: operation.id, label: operation.title })),
	OPERATIONS.flatMap((operation) => operation.fields),
);
