import { test } from 'node:test';
import assert from 'node:assert/strict';
import { abbreviations, currency, normalize, numbers, ordinals, times, units, urlsAndEmails, years } from '../src/text/normalize';
import { cardinal, decimal, ordinal, year } from '../src/text/numbers';

function table(fn: (s: string) => string, cases: [string, string][]): void {
  for (const [input, expected] of cases) assert.equal(fn(input), expected, `for ${JSON.stringify(input)}`);
}

test('number words', () => {
  table(cardinal, [
    ['0', 'zero'], ['7', 'seven'], ['13', 'thirteen'], ['40', 'forty'], ['42', 'forty two'], ['100', 'one hundred'],
    ['101', 'one hundred one'], ['1000', 'one thousand'], ['1234567', 'one million two hundred thirty four thousand five hundred sixty seven'],
    ['1000000000', 'one billion'],
  ]);
  table(ordinal, [['1', 'first'], ['2', 'second'], ['3', 'third'], ['12', 'twelfth'], ['21', 'twenty first'], ['40', 'fortieth'], ['100', 'one hundredth']]);
  table(year, [['1990', 'nineteen ninety'], ['1905', 'nineteen oh five'], ['2000', 'two thousand'], ['2007', 'two thousand seven'], ['2024', 'twenty twenty four'], ['1800', 'eighteen hundred']]);
  table(decimal, [['3.14', 'three point one four'], ['-2.5', 'minus two point five'], ['0.05', 'zero point zero five']]);
});

test('currency', () => {
  table(currency, [
    ['$5', 'five dollars'], ['$1', 'one dollar'], ['$5.50', 'five dollars and fifty cents'], ['$0.99', 'ninety nine cents'],
    ['$1.01', 'one dollar and one cent'], ['£20', 'twenty pounds'], ['€3.50', 'three euros and fifty cents'],
    ['$2.5 million', 'two point five million dollars'], ['$3bn', 'three billion dollars'], ['$1,200', 'one thousand two hundred dollars'],
  ]);
});

test('times', () => {
  table(times, [
    ['3:30 pm', 'three thirty p m'], ['10:00', "ten o'clock"], ['7:05', 'seven oh five'], ['3pm', 'three p m'],
    ['11:45 AM', 'eleven forty five a m'], ['9:00 a.m.', 'nine a m.'], ['at 5 p.m. today', 'at five p m today'], ['at 5 p.m. Then', 'at five p m. Then'], ['3:30 pm.', 'three thirty p m.'], ['ratio 99:99', 'ratio 99:99'],
  ]);
});

test('ordinals, units, percentages', () => {
  table(ordinals, [['1st', 'first'], ['22nd', 'twenty second'], ['the 3rd of May', 'the third of May'], ['113th', 'one hundred thirteenth']]);
  table(units, [
    ['5 km', 'five kilometers'], ['1 kg', 'one kilogram'], ['20°C', 'twenty degrees Celsius'], ['50%', 'fifty percent'],
    ['2.5 GHz', 'two point five gigahertz'], ['60 mph', 'sixty miles per hour'], ['5 GB', 'five gigabytes'], ['100 ms', 'one hundred milliseconds'],
  ]);
});

test('years and plain numbers', () => {
  table(years, [['in 1990', 'in nineteen ninety'], ['the 1980s', 'the nineteen eighties'], ['2,000', '2,000'], ['12345', '12345']]);
  table(numbers, [
    ['2,500 people', 'two thousand five hundred people'], ['3.5', 'three point five'], ['-4 degrees', 'minus four degrees'],
    ['007', 'zero zero seven'], ['42', 'forty two'], ['well-known 5', 'well-known five'],
  ]);
});

test('abbreviations', () => {
  table(abbreviations, [
    ['Mr. Smith', 'Mister Smith'], ['Dr. Who', 'Doctor Who'], ['Mrs. Jones', 'Missus Jones'], ['St. Louis', 'Saint Louis'],
    ['apples, pears, etc. are fruit', 'apples, pears, et cetera are fruit'], ['and so on, etc. Then', 'and so on, et cetera. Then'],
    ['fruit, e.g. apples', 'fruit, for example apples'], ['cats vs. dogs', 'cats versus dogs'], ['No. 5', 'number 5'],
  ]);
});

test('URLs and e-mail addresses are read sensibly', () => {
  table(urlsAndEmails, [
    ['mail jane.doe@example.com now', 'mail jane dot doe at example dot com now'],
    ['see https://example.org/docs.', 'see example dot org slash docs.'],
    ['go to www.kokoro.dev', 'go to w w w dot kokoro dot dev'],
  ]);
});

test('the whole pipeline on what people type', () => {
  table(normalize, [
    ['Dr. Smith paid $5.50 at 3:30 pm.', 'Doctor Smith paid five dollars and fifty cents at three thirty p m.'],
    ['In 1990, 2,500 people ran 5 km.', 'In nineteen ninety, two thousand five hundred people ran five kilometers.'],
    ['  lots   of\u00a0space  ', 'lots of space'],
    ['Tom & Jerry: 1st place!', 'Tom and Jerry: first place!'],
    ['Wait...', 'Wait…'],
  ]);
});
