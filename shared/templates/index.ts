/** Message templates: Meta's object, the friendlier shape, placeholders, checks and per-run reads. */
export { componentOf, TEMPLATE_CATEGORIES, TEMPLATE_FIELDS, TEMPLATE_STATUSES } from './meta';
export type { MetaTemplate, MetaTemplateButton, MetaTemplateComponent, TemplateCategory } from './meta';
export { statusNote, TEMPLATE_OUTPUT_FIELDS, TEMPLATE_SAMPLE, toTemplate } from './model';
export type { Template, TemplateButton } from './model';
export { AUTHENTICATION_CODE_KEY, placeholderNames, templatePlaceholders } from './placeholders';
export type { PlaceholderKind, TemplatePlaceholder } from './placeholders';
export { TemplateDefinitions } from './definitions';
export type { TemplateReference } from './definitions';
export { TEMPLATE_REFERENCE_KEYS } from './messageTemplate';
export { buildTemplateSend } from './sendPayload';
export type { GivenValue, TemplateSendObject } from './sendPayload';
