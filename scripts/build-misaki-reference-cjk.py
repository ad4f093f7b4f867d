#!/usr/bin/env python3
"""Regenerates test/fixtures/misaki/ja.json and zh.json: misaki's phonemes for a fixed corpus.

These are the phonemes Kokoro-82M v1.0 was trained with: Kokoro's pipeline builds ja.JAG2P() (the
default 'cutlet' version: MeCab through fugashi with UniDic, kana -> IPA table) for j voices and
zh.ZHG2P(version=None) (the legacy path: cn2an numbers, jieba words, pypinyin TONE3, pinyin -> IPA
with tone arrows) for z voices on Kokoro-82M (version '1.1' is for the separate v1.1-zh model).

Set-up (development only; kokoro-ts never runs Python):
  python3 -m venv /tmp/cjk-venv
  /tmp/cjk-venv/bin/pip install misaki==0.9.4 fugashi jaconv mojimoji unidic-lite \
      pypinyin pypinyin-dict cn2an jieba ordered-set
  /tmp/cjk-venv/bin/python scripts/build-misaki-reference-cjk.py

Two stand-ins, both outside the code paths used: misaki's ja.py imports pyopenjtalk at module level
(only its 'pyopenjtalk' version uses it; it needs a C++ build), so an empty module stands in; and the
full 'unidic' package needs a dictionary download from outside PyPI, so fugashi is pointed at
unidic-lite (UniDic 2.1.2, the same tag set and pronunciation field).
"""
import json, os, sys, types
from importlib.metadata import version

sys.modules.setdefault('pyopenjtalk', types.ModuleType('pyopenjtalk'))
import fugashi, unidic_lite  # noqa: E402
from misaki import cutlet, ja, zh  # noqa: E402

_Tagger = fugashi.Tagger
cutlet.Tagger = lambda *args: _Tagger('-d ' + unidic_lite.DICDIR)

JA = [
    '今日は良い天気ですね。',
    '私の名前は田中です。',
    '東京タワーに行きました。',
    'すみません、駅はどこですか？',
    'この本はとても面白かったです！',
    '明日の会議は午後三時から始まります。',
    '猫が好きですか、それとも犬が好きですか？',
    '日本語を勉強しています。',
    'コーヒーを一杯ください。',
    '富士山は日本で一番高い山です。',
    '彼女は毎朝六時に起きます。',
    '電車が遅れて、学校に遅刻しました。',
    'ありがとうございます、本当に助かりました。',
    '新しいパソコンを買いたいと思っています。',
    '雨が降っているので、傘を持って行きましょう。',
    '週末は友達と映画を見に行く予定です。',
    'この料理はちょっと辛すぎます。',
    '「こんにちは」と彼は言った。',
    '京都には古いお寺がたくさんあります。',
    '子供たちは公園で遊んでいます。',
    'りんごを3個ください。',
    '会議には25人が参加しました。',
    'このシャツは1500円です。',
    '人口は約120万人です。',
    '駅まで歩いて10分くらいかかります。',
    '2024年に大阪へ引っ越しました。',
    '気温は30度を超えました！',
    '電話番号を教えてもらえますか？',
    '図書館は午前九時に開きます。',
    'もう一度、ゆっくり話してください。',
    '私たちは八百屋で野菜を買った。',
    'チケットは3000円で、学生は半額です。',
]

ZH = [
    '你好，世界。',
    '今天天气很好，我们去公园散步吧！',
    '我喜欢学习汉语。',
    '这本书非常有意思。',
    '请问，火车站在哪里？',
    '他长大了，银行行长很高兴。',
    '我们明天早上八点出发。',
    '北京是中国的首都。',
    '你吃饭了吗？',
    '这个问题很难回答。',
    '我有3个苹果和2.5公斤米。',
    '今天是2024年3月5日。',
    '这件衣服打八折，只要150元。',
    '他的成绩提高了25%。',
    '会议室里有12个人。',
    '这条路长约3.5公里。',
    '我的电话号码是一三八零零一三八零零零。',
    '我们班有40名学生，其中一半是女生。',
    '她唱歌唱得非常好听。',
    '音乐会晚上七点半开始。',
    '为了健康，他每天都跑步。',
    '谢谢你的帮助！',
    '妈妈正在厨房里做饭。',
    '这座城市的人口超过1000万。',
    '春节是中国最重要的节日。',
    '我觉得这个主意不错。',
    '外面下雨了，记得带伞。',
    '这是我第一次来上海。',
    '他说：“我明天再来。”',
    '小明的女儿今年6岁了。',
    '温度降到了零下5度。',
    '一分耕耘，一分收获。',
]


def main() -> None:
    root = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', 'test', 'fixtures', 'misaki')
    os.makedirs(root, exist_ok=True)
    jag2p = ja.JAG2P()
    zhg2p = zh.ZHG2P()
    for lang, g2p, corpus in (('ja', jag2p, JA), ('zh', zhg2p, ZH)):
        sentences = [{'text': t, 'phonemes': g2p(t)[0]} for t in corpus]
        doc = {'lang': lang, 'misaki': version('misaki'), 'sentences': sentences}
        with open(os.path.join(root, f'{lang}.json'), 'w', encoding='utf-8') as f:
            json.dump(doc, f, ensure_ascii=False, indent=1)
            f.write('\n')
        print(f'{lang}: {len(sentences)} sentences')


if __name__ == '__main__':
    main()
