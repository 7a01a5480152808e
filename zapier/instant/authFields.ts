/** The connection's relay fields: optional, since only the instant triggers and the search need the relay. */

export const RELAY_AUTH_KEYS = { url: 'relay_url', apiKey: 'relay_api_key' } as const;

export const relayAuthFields: Array<Record<string, unknown>> = [
	{
		key: RELAY_AUTH_KEYS.url,
		label: 'Relay URL',
		type: 'string',
		required: false,
		isNoSecret: true,
		placeholder: 'https://relay.example.com',
		helpText:
			"Advanced, only for the instant triggers (New Inbound Message, New Message Status, New Template Status, New Identity Mismatch, New Phone Number Event) and Find Identity Hash: the address of your WhatsApp relay, the small service that receives Meta's webhooks for you (relay/README.md in the connector's repository). Leave empty if you do not use them.",
	},
	{
		key: RELAY_AUTH_KEYS.apiKey,
		label: 'Relay API Key',
		type: 'password',
		required: false,
		helpText: "Advanced, with Relay URL: one of the keys set in the relay's RELAY_API_KEYS setting.",
	},
];
