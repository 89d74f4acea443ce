/**
 * UI strings per locale. The prose lives in content/; this is only the chrome and the islands' labels.
 * Every locale has every key (the type says so), so a missing translation is a type error.
 */
export const LOCALES = ['zh-tw', 'en'] as const;
export type Locale = (typeof LOCALES)[number];
export const DEFAULT_LOCALE: Locale = 'zh-tw';

/** BCP 47 tags for <html lang> and hreflang. */
export const LANG_TAG: Record<Locale, string> = { 'zh-tw': 'zh-Hant-TW', en: 'en' };
export const LOCALE_NAME: Record<Locale, string> = { 'zh-tw': '繁體中文', en: 'English' };

const en = {
  siteTitle: 'Gradient Lab',
  siteTagline: 'Watch gradients explode and vanish, in your own browser.',
  skipToContent: 'Skip to content',
  languageSwitch: 'Language',
  articles: 'Articles',
  published: 'Published',
  notFoundTitle: 'Page not found',
  notFoundBody: 'There is nothing at this address. The articles are listed on the home page.',
  home: 'Home',
  chooseLanguage: 'Choose a language',
  // Islands
  run: 'Run',
  stop: 'Stop',
  reset: 'Reset',
  seed: 'Seed',
  newSeed: 'New seed',
  activation: 'Activation (ACT)',
  console: 'Console',
  lossChart: 'Loss per epoch (log scale)',
  dataChart: 'Training data: noisy input z against x, and the line y = x',
  predictions: 'Predictions',
  input: 'Input',
  prediction: 'Prediction',
  epoch: 'Epoch',
  loss: 'Loss',
  backend: 'Backend',
  bakedNote: 'Result baked at build time for seed {seed}. Press Run to train it again in your browser.',
  liveNote: 'Trained in your browser just now.',
  state_idle: 'Ready',
  state_loading: 'Loading TensorFlow.js…',
  state_training: 'Training…',
  state_done: 'Done',
  state_error: 'Something went wrong',
  state_cancelled: 'Stopped',
  lossBecameNaN: 'loss became {value} at epoch {epoch}',
  kerasCode: 'Keras (the article)',
  tsCode: 'TypeScript (what runs here)',
  showData: 'Data table',
  seedInvalid: 'The seed must be a whole number between 0 and 4294967295; using {seed}.',
  noScript: 'JavaScript is off: these are the results baked at build time. Turn it on to train live.',
  backendCheck: 'Backend check',
  trainSteps: 'Train a few steps',
};

export type UiKey = keyof typeof en;

const zhTw: Record<UiKey, string> = {
  siteTitle: '梯度實驗室',
  siteTagline: '在你的瀏覽器裡，親眼看梯度爆炸與消失。',
  skipToContent: '跳到主要內容',
  languageSwitch: '語言',
  articles: '文章',
  published: '發布於',
  notFoundTitle: '找不到這個頁面',
  notFoundBody: '這個網址沒有內容。所有文章都列在首頁。',
  home: '首頁',
  chooseLanguage: '選擇語言',
  run: '執行',
  stop: '停止',
  reset: '重設',
  seed: '亂數種子',
  newSeed: '換一個種子',
  activation: '啟動函數（ACT）',
  console: '主控台輸出',
  lossChart: '每個 epoch 的 loss（對數刻度）',
  dataChart: '訓練資料：含雜訊的輸入 z 對 x，以及直線 y = x',
  predictions: '預測結果',
  input: '輸入',
  prediction: '預測',
  epoch: 'Epoch',
  loss: 'Loss',
  backend: '後端',
  bakedNote: '這是建置網站時用種子 {seed} 預先跑好的結果。按「執行」就會在你的瀏覽器裡重新訓練。',
  liveNote: '剛剛在你的瀏覽器裡訓練完成。',
  state_idle: '就緒',
  state_loading: '正在載入 TensorFlow.js…',
  state_training: '訓練中…',
  state_done: '完成',
  state_error: '發生錯誤',
  state_cancelled: '已停止',
  lossBecameNaN: '第 {epoch} 個 epoch 的 loss 變成 {value}',
  kerasCode: 'Keras（原文程式）',
  tsCode: 'TypeScript（這裡實際執行的程式）',
  showData: '資料表',
  seedInvalid: '亂數種子必須是 0 到 4294967295 之間的整數；改用 {seed}。',
  noScript: 'JavaScript 已關閉：以下是建置時預先算好的結果。開啟 JavaScript 就能即時訓練。',
  backendCheck: '後端檢查',
  trainSteps: '訓練幾步看看',
};

export const UI: Record<Locale, Record<UiKey, string>> = { en, 'zh-tw': zhTw };

export function t(locale: Locale, key: UiKey, params: Record<string, string | number> = {}): string {
  return UI[locale][key].replace(/\{(\w+)\}/g, (_, name: string) => String(params[name] ?? `{${name}}`));
}

export function isLocale(value: string | undefined): value is Locale {
  return (LOCALES as readonly string[]).includes(value ?? '');
}

/** `<slug>/<locale>` entry ids split into their parts. */
export function splitEntryId(id: string): { slug: string; locale: Locale } {
  const [slug = '', locale] = id.split('/');
  if (!isLocale(locale)) throw new Error(`article ${id}: the file name must be a locale (${LOCALES.join(', ')})`);
  return { slug, locale };
}

export function articlePath(locale: Locale, slug: string): string {
  return `/${locale}/${slug}/`;
}
