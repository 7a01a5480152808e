import { jsonReferencePath, stringAtPath } from '../../../../../nodes/WhatsAppNumbers/actions/jsonReference';

describe('jsonReferencePath', () => {
	it.each([
		['={{ $json.to }}', ['to']],
		['={{$json.to}}', ['to']],
		['={{ $json.contact.phone }}', ['contact', 'phone']],
		['={{ $json["first name"] }}', ['first name']],
		["={{ $json['a-b'].c }}", ['a-b', 'c']],
		['={{ $json.$x._y1 }}', ['$x', '_y1']],
	])('takes %s as the path %j', (stored, path) => {
		expect(jsonReferencePath(stored)).toEqual(path);
	});

	it.each([
		['{{ $json.to }}'],
		['=+{{ $json.to }}'],
		['={{ $json.to }} '],
		['={{ $json.to.trim() }}'],
		['={{ $json.to || "x" }}'],
		['={{ $json.list[0] }}'],
		['={{ $json[key] }}'],
		['={{ $json }}'],
		['={{ $json.a }}{{ $json.b }}'],
		['={{ $("Other").item.json.to }}'],
		['={{ $json["a\\"b"] }}'],
		['+15551234567'],
		[{ value: '={{ $json.to }}' }],
		[undefined],
	])('leaves %j to n8n', (stored) => {
		expect(jsonReferencePath(stored)).toBeUndefined();
	});
});

describe('stringAtPath', () => {
	const json = { to: '+1555', n: 5, nested: { phone: '+1666', empty: '' }, list: ['a'], nil: null };

	it('returns strings found through own properties, the empty string included', () => {
		expect(stringAtPath(json, ['to'])).toBe('+1555');
		expect(stringAtPath(json, ['nested', 'phone'])).toBe('+1666');
		expect(stringAtPath(json, ['nested', 'empty'])).toBe('');
	});

	it('returns undefined for anything else, so n8n evaluates it', () => {
		expect(stringAtPath(json, ['n'])).toBeUndefined();
		expect(stringAtPath(json, ['nested'])).toBeUndefined();
		expect(stringAtPath(json, ['missing'])).toBeUndefined();
		expect(stringAtPath(json, ['nil', 'x'])).toBeUndefined();
		expect(stringAtPath(json, ['list', 'length'])).toBeUndefined();
		expect(stringAtPath(json, ['to', 'length'])).toBeUndefined();
		expect(stringAtPath(json, ['constructor'])).toBeUndefined();
		expect(stringAtPath(json, ['__proto__'])).toBeUndefined();
		expect(stringAtPath(undefined, ['to'])).toBeUndefined();
	});
});
