/**
 * How the n8n nodes name the core's operations and fields, so the core's messages ("set a new PIN
 * with {op:setTwoStepPin}") read as n8n shows them: every operation under its title, every field
 * under its parameter name, the account settings as the credential.
 */
import { OPERATIONS, platformLabels } from '../../shared';
import { binaryParameter } from './actions/binary';

export const N8N_LABELS = platformLabels(
	'n8n',
	'the "WhatsApp Business Numbers API" credential',
	OPERATIONS.map((operation) => ({ id: operation.id, label: operation.title })),
	// A file field is the name of a binary field in n8n, and is called so.
	OPERATIONS.flatMap((operation) => operation.fields.map((field) => (field.type === 'file' ? { key: field.key, label: binaryParameter(field).displayName } : field))),
);
