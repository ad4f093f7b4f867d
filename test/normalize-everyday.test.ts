import { test } from 'node:test';
import assert from 'node:assert/strict';
import { normalize, normalizeTracked } from '../src/text/normalize';
import { fraction } from '../src/text/numbers';
import { TrackedText } from '../src/text/tracked';
import { runCli, standinArgs } from './helpers';

function table(cases: [string, string][]): void {
  for (const [input, expected] of cases) assert.equal(normalize(input), expected, `for ${JSON.stringify(input)}`);
}

test('St., Dr., Ft.: a title before a name, a place word after one; Mt., No., vs.', () => {
  table([
    ['Elm St.', 'Elm Street.'], ['St. Louis', 'Saint Louis'], ['Visit St. Louis', 'Visit Saint Louis'], ['in St. Paul, Minnesota', 'in Saint Paul, Minnesota'],
    ['We walked down Elm St. and left', 'We walked down Elm Street and left'], ['We took Elm St. Then we ate.', 'We took Elm Street. Then we ate.'],
    ['5th St.', 'fifth Street.'], ['Park Dr.', 'Park Drive.'], ['Dr. Smith', 'Doctor Smith'], ['Ask Dr. Lee', 'Ask Doctor Lee'],
    ['I met Dr. Smith on Park Dr. today.', 'I met Doctor Smith on Park Drive today.'],
    ['Mt. Everest', 'Mount Everest'], ['Ft. Worth', 'Fort Worth'], ['6 ft. tall', 'six feet tall'], ['No. 5', 'number five'], ['cats vs. dogs', 'cats versus dogs'],
  ]);
});

test('phone numbers: digit by digit, in the groups they are written in', () => {
  table([
    ['call 555-0142', 'call five five five, zero one four two'],
    ['(555) 123-4567', 'five five five, one two three, four five six seven'],
    ['555-123-4567.', 'five five five, one two three, four five six seven.'],
    ['+1 555 123 4567', 'plus one, five five five, one two three, four five six seven'],
    ['+44 20 7946 0958', 'plus four four, two zero, seven nine four six, zero nine five eight'],
  ]);
});

test('fractions, dates with slashes, scores and ratios', () => {
  table([
    ['3/4', 'three quarters'], ['1/2', 'one half'], ['1/4', 'one quarter'], ['2/3', 'two thirds'], ['5/8', 'five eighths'],
    ['scored 3/4', 'scored three quarters'], ['2 1/2 cups', 'two and one half cups'], ['open 24/7', 'open twenty four or seven'], ['9/11', 'nine or eleven'],
    ['12/25/2024', 'December twenty fifth, twenty twenty four'], ['25/12/2024', 'December twenty fifth, twenty twenty four'],
    ['on 7/4/76', 'on July fourth, nineteen seventy six'], ['25.12.2024', 'December twenty fifth, twenty twenty four'],
    ['they won 3-2', 'they won three to two'], ['a 3:1 ratio', 'a three to one ratio'], ['odds of 5:1', 'odds of five to one'],
    ['a 2-1 win', 'a two to one win'], ['they won 3-2.', 'they won three to two.'], ['pages 3-2', 'pages three-two'],
  ]);
  assert.equal(fraction('1', '3'), 'one third');
  assert.equal(fraction('3', '2'), 'three halves');
});

test('versions and addresses with dots', () => {
  table([
    ['2.0.1', 'two point zero point one'], ['v2.1', 'version two point one'], ['v10.4.12 is out', 'version ten point four point twelve is out'],
    ['192.168.1.1', 'one nine two dot one six eight dot one dot one'], ['3.14', 'three point one four'],
  ]);
});

test('feet and inches, units', () => {
  table([
    ['6\'2"', 'six feet two inches'], ["5'", 'five feet'], ['1\'1"', 'one foot one inch'], ['a 12" pizza', 'a twelve inches pizza'],
    ['she said "take 5" and left', 'she said "take five" and left'], ["he said 'take 5' and left", "he said 'take five' and left"],
    ['5 km/h', 'five kilometers per hour'], ['30 °C', 'thirty degrees Celsius'], ['9.8 m/s', 'nine point eight meters per second'],
    ['2 tbsp sugar', 'two tablespoons sugar'], ['50 m² flat', 'fifty square meters flat'], ['5 kg. More', 'five kilograms. More'],
  ]);
});

test('ordinals and compound numbers are separate words', () => {
  table([
    ['1st, 2nd, 23rd, 101st', 'first, second, twenty third, one hundred first'],
    ['I have 24 cats', 'I have twenty four cats'], ['in 2024', 'in twenty twenty four'], ['99', 'ninety nine'],
  ]);
});

test('the new readings keep their spans into the input', () => {
  const input = 'Call (555) 123-4567 on Elm St. at 6\'2" by 3/4.';
  const n = normalizeTracked(TrackedText.of(input));
  assert.equal(n.text, 'Call five five five, one two three, four five six seven on Elm Street at six feet two inches by three quarters.');
  const from = (word: string): string => {
    const at = n.text.indexOf(word);
    return input.slice(...n.spanOf(at, at + word.length));
  };
  assert.equal(from('five five five, one two three'), '(555) 123-4567');
  assert.equal(from('Street'), 'St.');
  assert.equal(from('Elm'), 'Elm');
  assert.equal(from('six feet two inches'), '6\'2"');
  assert.equal(from('three quarters'), '3/4');
});

test('CLI: synth --phonemes reads the everyday forms (numbers as separate stressed words)', async () => {
  const phonemes = async (text: string): Promise<string> => {
    const r = await runCli(['synth', text, '--phonemes', ...standinArgs()]);
    assert.equal(r.code, 0, r.stderr);
    return r.stdout.toString('utf8').trim();
  };
  const [cats, words] = await Promise.all([phonemes('I have 24 cats.'), phonemes('I have twenty four cats.')]);
  assert.equal(cats, words);
  assert.match(cats, /twˈɛnti fˈɔɹ/, 'twenty and four each carry their own stress');
  const [street, streetWords] = await Promise.all([phonemes('Meet me on Elm St.'), phonemes('Meet me on Elm Street.')]);
  assert.equal(street, streetWords);
  const [phone, phoneWords] = await Promise.all([phonemes('Call 555-0142.'), phonemes('Call five five five, zero one four two.')]);
  assert.equal(phone, phoneWords);
  const [height, heightWords] = await Promise.all([phonemes('He is 6\'2" and won 3-2.'), phonemes('He is six feet two inches and won three to two.')]);
  assert.equal(height, heightWords);
});
