"""
Hindi in a common script for the real tier: Whisper base often writes Hindi speech in Urdu script,
which leaves out short vowels. Both the Devanagari reference and the transcript are romanized with
uroman (ISI's universal romanizer, PyPI uroman 1.3.1.1) and reduced to their consonant skeleton:
vowel letters (a e i o u) and the Urdu long-vowel carriers (w y, also v) dropped, nasal marks (m from
anusvara/chandrabindu, n from noon ghunna) made one, doubled letters collapsed, spaces dropped.
Reads a JSON list of strings on argv[1]; prints the list of skeletons as JSON.
"""
import json
import re
import sys

import uroman

u = uroman.Uroman()


def skeleton(text):
    text = text.replace('\u0902', '\u0928').replace('\u0901', '\u0928')  # anusvara, chandrabindu -> na
    r = u.romanize_string(text).lower()
    r = re.sub(r'[^a-z]', '', r)
    r = re.sub(r'[aeiouwyv]', '', r)
    return re.sub(r'(.)\1+', r'\1', r)


print(json.dumps([skeleton(t) for t in json.loads(sys.argv[1])], ensure_ascii=False))
