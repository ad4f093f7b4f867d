declare module 'wink-pos-tagger' {
  interface WinkTagged {
    value: string;
    tag: string;
    pos: string;
    normal?: string;
    lemma?: string;
  }
  interface WinkTagger {
    tagSentence(sentence: string): WinkTagged[];
    tagRawTokens(tokens: string[]): WinkTagged[];
  }
  function createTagger(): WinkTagger;
  export = createTagger;
}
