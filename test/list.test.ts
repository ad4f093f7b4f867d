import { test } from 'node:test';
import assert from 'node:assert/strict';
import { commaList } from '../src/util/list';
import { parseConcurrency } from '../src/cli/bench-server';
import { parseJobsList } from '../src/cli/bench';
import { parseChapterList } from '../src/cli/book';
import { expandVoiceList } from '../src/cli/download';
import { intListFlag } from '../src/cli/parse';

test('commaList: items trimmed; empty ones dropped, or kept for an item parser to refuse', () => {
  assert.deepEqual(commaList('a, b ,,c,'), ['a', 'b', 'c']);
  assert.deepEqual(commaList(''), []);
  assert.deepEqual(commaList(' , '), []);
  assert.deepEqual(commaList('one'), ['one']);
  assert.deepEqual(commaList('1, ,2', 'keep'), ['1', '', '2']);
  assert.deepEqual(commaList('', 'keep'), ['']);
});

test('the list flags built on it keep their rules: numbers refuse an empty item, names skip it', () => {
  assert.deepEqual(parseConcurrency(' 1, 2 ,4'), [1, 2, 4]);
  assert.throws(() => parseConcurrency('1,,2'), /--concurrency must be a number, got ""/);
  assert.deepEqual(parseJobsList('2, 1,2'), [2, 1]);
  assert.throws(() => parseJobsList('1,'), /--batch-jobs must be a number, got ""/);
  assert.deepEqual(parseChapterList(' 3 - 4 , 1', 5), [0, 2, 3]);
  assert.throws(() => parseChapterList('1,,2', 5), /--chapters 1,,2: "" is not a number or a range/);
  assert.deepEqual(expandVoiceList(' af_heart,, bf_emma '), ['af_heart', 'bf_emma']);
  // tune's lists (--threads, --sessions...) skip empty items but need one number at least.
  const threads = intListFlag('--threads', 1, 1024);
  assert.deepEqual(threads(' 4,,1,4 '), [4, 1]);
  assert.throws(() => threads(' , '), /--threads needs a comma-separated list, e\.g\. 1,2,4/);
  assert.throws(() => threads('1,2000'), /--threads must be a whole number from 1 to 1024, got "2000"/);
});
