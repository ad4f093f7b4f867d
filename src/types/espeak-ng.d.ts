/** The npm espeak-ng package: espeak-ng's CLI compiled with Emscripten (MODULARIZE, ES module). */
declare module 'espeak-ng' {
  interface ESpeakNgModuleOptions {
    arguments?: string[];
    stdin?: () => number | null;
    print?: (line: string) => void;
    printErr?: (line: string) => void;
  }
  const ESpeakNg: (options: ESpeakNgModuleOptions) => Promise<unknown>;
  export default ESpeakNg;
}
