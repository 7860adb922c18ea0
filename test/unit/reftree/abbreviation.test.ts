// Junos abbreviation (src/reftree/abbreviation.ts): exact name first, else a unique prefix.
import { matchAbbreviation } from '../../../src/reftree/abbreviation.js';

const items = [{ name: 'set' }, { name: 'setup' }, { name: 'show' }, { name: 'shell' }];

test('an exact name wins over the longer names it prefixes', () => {
  expect(matchAbbreviation(items, 'set')).toEqual({ hit: { name: 'set' } });
});

test('a prefix of one name is that name; of several, ambiguous; of none, none', () => {
  expect(matchAbbreviation(items, 'setu')).toEqual({ hit: { name: 'setup' } });
  expect(matchAbbreviation(items, 'sho')).toEqual({ hit: { name: 'show' } });
  expect(matchAbbreviation(items, 'sh')).toEqual({ ambiguous: [{ name: 'show' }, { name: 'shell' }] });
  expect(matchAbbreviation(items, 'x')).toEqual({ none: true });
});
