/** The fields every template operation shares: which template, by ID or by name and language. */
import type { FieldDefinition } from '../../operation';
import { MESSAGE_FIELD_LABELS as LABELS, templateLanguage, templateName } from '../../messaging/payload';
import { graphId } from '../../validation';

export const templateIdField: FieldDefinition = {
	key: 'templateId',
	label: LABELS.templateId,
	type: 'string',
	required: true,
	source: 'templates',
	supersededBy: 'templateName',
	help: 'The template: pick it from the list, or enter its ID from WhatsApp Manager → Message templates. Leave empty to give its name and language instead.',
	placeholder: '1387372356726668',
	validate: (value, label) => graphId(value, label),
};

export const templateNameField: FieldDefinition = {
	key: 'templateName',
	label: LABELS.templateName,
	type: 'string',
	required: true,
	help: 'The template\'s name exactly as in WhatsApp Manager → Message templates (lowercase letters, digits and underscores).',
	placeholder: 'order_update',
	validate: (value, label) => templateName(value, label),
};

export const templateLanguageField: FieldDefinition = {
	key: 'templateLanguage',
	label: LABELS.templateLanguage,
	type: 'string',
	required: true,
	help: 'The language code of the template, e.g. en_US, en, es, pt_BR (en and en_US are different languages for WhatsApp).',
	placeholder: 'en_US',
	validate: (value, label) => templateLanguage(value, label),
};

/** By ID, or by name and language (each not needed when the other is given). */
export const TEMPLATE_LOOKUP_FIELDS: FieldDefinition[] = [
	templateIdField,
	{ ...templateNameField, supersededBy: 'templateId' },
	{ ...templateLanguageField, supersededBy: 'templateId' },
];
