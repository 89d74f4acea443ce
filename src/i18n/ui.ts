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
  retryHint: 'Press Run to try again.',
  fallbackNotice: 'The fastest backend could not start here ({reason}); this runs on {backend} instead, which may be slower.',
  lossBecameNaN: 'loss became {value} at epoch {epoch}',
  kerasCode: 'Keras (the article)',
  tsCode: 'TypeScript (what runs here)',
  showData: 'Data table',
  seedInvalid: 'The seed must be a whole number between 0 and 4294967295; using {seed}.',
  noScript: 'JavaScript is off: these are the results baked at build time. Turn it on to train live.',
  gradChart: 'Gradient norm of each layer’s kernel, per epoch (log scale)',
  layerName: 'layer {layer}',
  layerFirst: 'layer {layer} (first)',
  layerOutput: 'layer {layer} (output)',
  chainTitle: 'The chain rule, layer by layer (epoch {epoch})',
  meanSlope: 'mean |activation slope|',
  kernelNorm: 'kernel norm ‖W‖',
  chainSummary: 'The slopes multiply to {product} between the first layer and the output; the first layer’s gradient is {ratio}× smaller than the last layer’s.',
  scrubber: 'Look at one epoch',
  scrubEpoch: 'Epoch {epoch}',
  histogramOf: 'Histogram of the kernel of',
  weightValue: 'weight value',
  count: 'count',
  tripLoss: 'NaN tripwire: the loss went from {last} to {value} at epoch {epoch}, step {step}.',
  tripGradient: 'NaN tripwire: layer {layer}’s {param} gradient became {value} at epoch {epoch}, step {step}.',
  tripWeight: 'NaN tripwire: layer {layer}’s {param} became {value} at epoch {epoch}, step {step}.',
  tripLastGrad: 'The last finite kernel-gradient norm of layer {layer} was {norm}.',
  tripStopped: 'The run stopped there.',
  stopOnNaN: 'Stop at the first NaN',
  fixBefore: 'before',
  fixAfter: 'after',
  fixLoss: 'Loss per epoch, before and after (log scale)',
  fixGrads: 'First- and last-layer gradient norms, before and after (log scale)',
  fixRun: 'Run both',
  ensembleRun: 'Run {seeds} seeds',
  ensembleSummary: '{exploded} of {seeds} seeds went non-finite. Final loss of the rest: median {median}, 5–95% {p5}–{p95}. {ms} ms for all of them.',
  ensembleHistogram: 'Prediction for input {input}, across seeds',
  ensembleNote: 'Each seed gets its own noise, initial weights and shuffles; all of them train at once, as one batched program.',
  seeds: 'seeds',
  fix_normalize: 'Normalise the inputs',
  fix_lowerLearningRate: 'Lower the learning rate to 0.01',
  fix_clipGradients: 'Clip each gradient to norm 1',
  fix_reluHe: 'ReLU with He initialisation (learning rate 0.03)',
  fix_batchNorm: 'Batch normalisation',
  fix_residual: 'Residual connections (learning rate 0.03)',
  fix_adam: 'Adam (learning rate 0.01)',
  fixOutcome: '{which}: final loss {loss}, predictions {predictions}.',
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
  retryHint: '按「執行」再試一次。',
  fallbackNotice: '最快的後端在這裡無法啟動（{reason}），改用 {backend} 執行，可能會比較慢。',
  lossBecameNaN: '第 {epoch} 個 epoch 的 loss 變成 {value}',
  kerasCode: 'Keras（原文程式）',
  tsCode: 'TypeScript（這裡實際執行的程式）',
  showData: '資料表',
  seedInvalid: '亂數種子必須是 0 到 4294967295 之間的整數；改用 {seed}。',
  noScript: 'JavaScript 已關閉：以下是建置時預先算好的結果。開啟 JavaScript 就能即時訓練。',
  gradChart: '每一層 kernel 的梯度大小（每個 epoch，對數刻度）',
  layerName: '第 {layer} 層',
  layerFirst: '第 {layer} 層（第一層）',
  layerOutput: '第 {layer} 層（輸出層）',
  chainTitle: '逐層拆開連鎖律（第 {epoch} 個 epoch）',
  meanSlope: '啟動函數斜率的平均絕對值',
  kernelNorm: 'kernel 大小 ‖W‖',
  chainSummary: '從第一層到輸出層，這些斜率相乘只剩 {product}；第一層的梯度比最後一層小 {ratio} 倍。',
  scrubber: '單獨看某個 epoch',
  scrubEpoch: '第 {epoch} 個 epoch',
  histogramOf: '權重分布：',
  weightValue: '權重值',
  count: '個數',
  tripLoss: 'NaN 警報：loss 在第 {epoch} 個 epoch 的第 {step} 步，從 {last} 變成 {value}。',
  tripGradient: 'NaN 警報：第 {layer} 層的 {param} 梯度在第 {epoch} 個 epoch 的第 {step} 步變成 {value}。',
  tripWeight: 'NaN 警報：第 {layer} 層的 {param} 在第 {epoch} 個 epoch 的第 {step} 步變成 {value}。',
  tripLastGrad: '第 {layer} 層最後一個有限的 kernel 梯度大小是 {norm}。',
  tripStopped: '訓練停在這一步。',
  stopOnNaN: '一出現 NaN 就停下來',
  fixBefore: '修正前',
  fixAfter: '修正後',
  fixLoss: '修正前後的 loss（每個 epoch，對數刻度）',
  fixGrads: '修正前後第一層與最後一層的梯度大小（對數刻度）',
  fixRun: '兩個都跑',
  ensembleRun: '跑 {seeds} 個種子',
  ensembleSummary: '{seeds} 個種子裡有 {exploded} 個出現非有限值。其餘的最終 loss：中位數 {median}，5–95% 落在 {p5}–{p95}。全部一起只花了 {ms} 毫秒。',
  ensembleHistogram: '輸入 {input} 的預測值在各個種子間的分布',
  ensembleNote: '每個種子各自有自己的雜訊、初始權重與洗牌順序；全部種子打包成一個批次程式同時訓練。',
  seeds: '個種子',
  fix_normalize: '把輸入正規化',
  fix_lowerLearningRate: '學習率降到 0.01',
  fix_clipGradients: '把每個梯度裁切到長度 1',
  fix_reluHe: 'ReLU 搭配 He 初始化（學習率 0.03）',
  fix_batchNorm: '批次正規化（Batch Normalization）',
  fix_residual: '殘差連接（學習率 0.03）',
  fix_adam: 'Adam（學習率 0.01）',
  fixOutcome: '{which}：最終 loss {loss}，預測 {predictions}。',
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
