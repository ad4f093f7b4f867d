import { test } from 'node:test';
import assert from 'node:assert/strict';
import { dataHomeOf } from '../src/cli/data-home';

test('data folder: KOKORO_HOME, else XDG_DATA_HOME (absolute only) or ~/.local/share on Linux; the platform places on macOS and Windows', () => {
  const at = (env: Record<string, string>, platform: NodeJS.Platform = 'linux'): string[] => {
    const h = dataHomeOf({ env, platform, home: '/home/u', cwd: '/w' });
    return [h.dir, h.why];
  };
  assert.deepEqual(at({ KOKORO_HOME: 'rel', XDG_DATA_HOME: '/x' }), ['/w/rel', 'KOKORO_HOME']);
  assert.deepEqual(at({ XDG_DATA_HOME: '/x' }), ['/x/kokoro-ts', '$XDG_DATA_HOME']);
  assert.deepEqual(at({ XDG_DATA_HOME: 'relative' }), ['/home/u/.local/share/kokoro-ts', 'the default ~/.local/share']);
  assert.deepEqual(at({}), ['/home/u/.local/share/kokoro-ts', 'the default ~/.local/share']);
  assert.deepEqual(at({ KOKORO_HOME: '  ' }), ['/home/u/.local/share/kokoro-ts', 'the default ~/.local/share'], 'a blank KOKORO_HOME is unset');
  assert.deepEqual(at({ XDG_DATA_HOME: '/x' }, 'darwin'), ['/home/u/Library/Application Support/kokoro-ts', 'the macOS default']);
  assert.equal(at({ LOCALAPPDATA: '/c/AppData/Local' }, 'win32')[1], '%LOCALAPPDATA%');
  assert.match(at({ LOCALAPPDATA: '/c/AppData/Local' }, 'win32')[0]!, /AppData.Local.kokoro-ts$/);
});
